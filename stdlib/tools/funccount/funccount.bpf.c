// SPDX-License-Identifier: GPL-2.0
/* funccount: calls of a user function, counted in the kernel (uprobe), like
 * BCC's funccount for one function. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"

const volatile __u32 target_pid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(on_call)
{
	__u32 zero = 0;
	if (target_pid && (bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	__u64 *n = bpf_map_lookup_elem(&calls, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
