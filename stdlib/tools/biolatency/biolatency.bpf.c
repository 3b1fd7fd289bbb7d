// SPDX-License-Identifier: GPL-2.0
/* biolatency: block I/O latency, issue (or, queued, insert) to completion,
 * as a log2 histogram, like BCC's biolatency (block tracepoints; a request
 * is known by its disk and sector). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "biolatency.h"

const volatile __u32 target_dev = 0;	/* 0: every disk */
const volatile bool queued = false;
const volatile bool per_disk = false;
const volatile __u64 unit_div = 1000;

struct rq_key {
	__u64 sector;
	__u32 dev;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct rq_key);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct hist_key);
	__type(value, __u64);
} hist SEC(".maps");

static int begin(struct trace_event_raw_block_rq *args)
{
	struct trace_event_raw_block_rq rq;
	bpf_probe_read_kernel(&rq, sizeof(rq), args);
	if (target_dev && rq.dev != target_dev)
		return 0;
	struct rq_key key = { .sector = rq.sector, .dev = rq.dev };
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &key, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/block/block_rq_insert")
int on_insert(struct trace_event_raw_block_rq *args)
{
	return queued ? begin(args) : 0;
}

SEC("tracepoint/block/block_rq_issue")
int on_issue(struct trace_event_raw_block_rq *args)
{
	return queued ? 0 : begin(args);
}

SEC("tracepoint/block/block_rq_complete")
int on_complete(struct trace_event_raw_block_rq_completion *args)
{
	struct trace_event_raw_block_rq_completion rq;
	bpf_probe_read_kernel(&rq, sizeof(rq), args);
	struct rq_key key = { .sector = rq.sector, .dev = rq.dev };
	__u64 *ts = bpf_map_lookup_elem(&start, &key);
	if (!ts)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - *ts) / unit_div;
	bpf_map_delete_elem(&start, &key);
	struct hist_key h = { .dev = per_disk ? rq.dev : 0 };
	bpfx_hist_exp2(hist, h, delta, MAX_BUCKET);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
