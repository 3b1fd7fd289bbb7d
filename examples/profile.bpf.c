// SPDX-License-Identifier: GPL-2.0
/* profile: on-CPU samples by command, from a perf_event at a fixed
 * frequency on every CPU (like `bpftrace -e 'profile:hz:99 { @[comm] = count() }'`). */
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
} samples SEC(".maps");

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	struct comm_key k = {};
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	bpfx_map_add(&samples, &k, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
