// SPDX-License-Identifier: GPL-2.0
/* biosnoop: each block I/O with its process, disk, size and latency, like
 * BCC's biosnoop (block tracepoints; a request is known by disk + sector). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "biosnoop.h"

const volatile __u32 target_dev = 0;

struct rq_key {
	__u64 sector;
	__u32 dev;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct rq_key);
	__type(value, struct bio_event);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, bio_event);

SEC("tracepoint/block/block_rq_issue")
int on_issue(struct trace_event_raw_block_rq *args)
{
	struct trace_event_raw_block_rq rq;
	bpf_probe_read_kernel(&rq, sizeof(rq), args);
	if (target_dev && rq.dev != target_dev)
		return 0;
	struct rq_key key = { .sector = rq.sector, .dev = rq.dev };
	struct bio_event e = { .ts_ns = bpf_ktime_get_ns(), .sector = rq.sector, .dev = rq.dev,
			       .bytes = rq.bytes, .pid = bpf_get_current_pid_tgid() >> 32 };
	__builtin_memcpy(e.rwbs, rq.rwbs, sizeof(e.rwbs));
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_map_update_elem(&start, &key, &e, BPF_ANY);
	return 0;
}

SEC("tracepoint/block/block_rq_complete")
int on_complete(struct trace_event_raw_block_rq_completion *args)
{
	struct trace_event_raw_block_rq_completion rq;
	bpf_probe_read_kernel(&rq, sizeof(rq), args);
	struct rq_key key = { .sector = rq.sector, .dev = rq.dev };
	struct bio_event *e = bpf_map_lookup_elem(&start, &key);
	if (!e)
		return 0;
	__u64 now = bpf_ktime_get_ns();
	e->lat_ns = now - e->ts_ns;
	e->ts_ns = now;
	bpfx_ringbuf_output(&events, e, sizeof(*e));
	bpf_map_delete_elem(&start, &key);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
