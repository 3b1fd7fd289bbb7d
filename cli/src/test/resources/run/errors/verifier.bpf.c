// SPDX-License-Identifier: GPL-2.0
/* The verifier must reject this: a hash map value used without a NULL check. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int bad_deref(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	*v += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
