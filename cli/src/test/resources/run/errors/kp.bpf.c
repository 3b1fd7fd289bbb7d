// SPDX-License-Identifier: GPL-2.0
/* A kprobe, for a kernel built without kprobes. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe")
int BPF_KPROBE(kp_open)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
