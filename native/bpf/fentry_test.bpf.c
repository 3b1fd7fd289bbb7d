// SPDX-License-Identifier: GPL-2.0
/* Engine tests: fentry, which this test kernel refuses to load. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("fentry/do_sys_openat2")
int BPF_PROG(fe_open)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
