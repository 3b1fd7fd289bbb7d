// SPDX-License-Identifier: GPL-2.0
/* Engine tests: a raw tracepoint (sched_switch) and perf_event sampling. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} switches SEC(".maps");

struct comm_key {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct comm_key);
	__type(value, __u64);
} samples SEC(".maps");

SEC("raw_tracepoint/sched_switch")
int on_switch(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0;
	__u64 *v = bpf_map_lookup_elem(&switches, &zero);
	if (v)
		(*v)++;
	return 0;
}

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	struct comm_key k = {};
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	bpfx_map_add(&samples, &k, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
