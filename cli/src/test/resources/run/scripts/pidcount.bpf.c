// SPDX-License-Identifier: GPL-2.0
/* openat() calls of one process (target_pid) counted in a struct-keyed hash map:
 * what `bpfx map dump` and map_by_id() must show by field name. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 target_pid = 0;

struct pid_key {
	__u32 pid;
};

struct open_count {
	__u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct pid_key);
	__type(value, struct open_count);
} pc_opens SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int pc_openat(void *ctx)
{
	struct pid_key k = { .pid = bpf_get_current_pid_tgid() >> 32 };
	if (k.pid != target_pid)
		return 0;
	struct open_count *v = bpf_map_lookup_elem(&pc_opens, &k);
	if (v) {
		__sync_fetch_and_add(&v->count, 1);
		return 0;
	}
	struct open_count one = { .count = 1 };
	bpf_map_update_elem(&pc_opens, &k, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
