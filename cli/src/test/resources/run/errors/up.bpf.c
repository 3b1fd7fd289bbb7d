// SPDX-License-Identifier: GPL-2.0
/* A uprobe program that does nothing, for the error tests' places. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("uprobe")
int BPF_KPROBE(on_call, int x)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
