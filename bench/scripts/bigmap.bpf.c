// SPDX-License-Identifier: GPL-2.0
/* For the scrape load check: a hash map of `entries` keys (100k by default),
 * filled once by bpf_loop on the first context switch, then kept changing:
 * each context switch adds 1 to the key of the next task's pid. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 entries = 100000;

struct big_key {
	__u32 id;
	char name[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 200000);
	__type(key, struct big_key);
	__type(value, __u64);
} big SEC(".maps");

__u32 filled = 0;

static long fill(__u32 i, void *ctx)
{
	struct big_key k = { .id = i };
	__builtin_memcpy(k.name, "key", 4);
	k.name[3] = '0' + i % 10;
	__u64 one = 1;
	bpf_map_update_elem(&big, &k, &one, BPF_NOEXIST);
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int touch(struct trace_event_raw_sched_switch *ctx)
{
	if (!filled) {
		filled = 1;
		bpf_loop(entries, fill, NULL, 0);
		return 0;
	}
	struct big_key k = { .id = (__u32)ctx->next_pid % entries };
	__builtin_memcpy(k.name, "key", 4);
	k.name[3] = '0' + k.id % 10;
	__u64 *v = bpf_map_lookup_elem(&big, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
