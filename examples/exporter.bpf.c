// SPDX-License-Identifier: GPL-2.0
/* exporter: what examples/exporter.lua serves for Prometheus.
 *   opens      openat() calls by process name              (a counter)
 *   read_ns    read() latency, log2 buckets of nanoseconds  (a histogram)
 *   execs      one ring buffer record per exec()            (counted as events)
 * Only tracepoints: works without kprobes. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

#define TASK_COMM_LEN 16
#define MAX_BUCKET 36	/* 2^36 ns ~ 69 s: larger latencies land here */

struct open_key {
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct open_key);
	__type(value, __u64);
} opens SEC(".maps");

/* read() entry time by thread */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} read_start SEC(".maps");

/* key: log2 bucket; key MAX_BUCKET + 1 holds the sum (bpfx.h / ebpf_exporter layout) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_BUCKET + 2);
	__type(key, __u32);
	__type(value, __u64);
} read_ns SEC(".maps");

struct exec_event {
	__u32 pid;
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} execs SEC(".maps");

BPFX_EVENT_TYPE(execs, exec_event);

SEC("tracepoint/syscalls/sys_enter_openat")
int count_open(void *ctx)
{
	struct open_key key = {};
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	bpfx_map_add(&opens, &key, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&read_start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_read")
int read_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *ts = bpf_map_lookup_elem(&read_start, &tid);
	if (!ts)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&read_start, &tid);
	bpfx_hist_exp2_scalar(read_ns, delta, MAX_BUCKET);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int on_exec(void *ctx)
{
	struct exec_event *e = bpfx_ringbuf_reserve(&execs, sizeof(*e));
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
