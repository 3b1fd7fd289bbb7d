// SPDX-License-Identifier: GPL-2.0
/* Engine tests: kprobe and fentry programs, for kernels that lack them
 * (the test kernel has CONFIG_KPROBES off and fentry fails with EPERM). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(kp_open)
{
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(krp_open)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
