// SPDX-License-Identifier: GPL-2.0
/* Counts openat() calls by command (auto-attached by its SEC name). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

struct comm_key {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct comm_key);
	__type(value, __u64);
} opens SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_open(void *ctx)
{
	struct comm_key k = {};
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	bpfx_map_add(&opens, &k, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
