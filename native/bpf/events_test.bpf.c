// SPDX-License-Identifier: GPL-2.0
/* Engine tests: openat events through a ring buffer and a perf event
 * array, filtered by a const volatile pid set before load. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "events.h"

const volatile __u32 target_pid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pevents SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} opens_by_pid SEC(".maps");

BPFX_EVENT_TYPE(events, event);
BPFX_EVENT_TYPE(pevents, event);

static __always_inline int fill(struct event *e, struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->ts = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->filename, sizeof(e->filename), (void *)ctx->args[1]);
	e->flags = (int)ctx->args[2];
	return 0;
}

static __always_inline bool wanted(void)
{
	return !target_pid || (bpf_get_current_pid_tgid() >> 32) == target_pid;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int openat_ringbuf(struct trace_event_raw_sys_enter *ctx)
{
	if (!wanted())
		return 0;
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	bpfx_map_add(&opens_by_pid, &pid, 1);
	struct event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	fill(e, ctx);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int openat_perf(struct trace_event_raw_sys_enter *ctx)
{
	struct event e = {};
	if (!wanted())
		return 0;
	fill(&e, ctx);
	bpf_perf_event_output(ctx, &pevents, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
