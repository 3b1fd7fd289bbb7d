// SPDX-License-Identifier: GPL-2.0
/* syscount: system calls counted by syscall or by process, optionally with
 * the time spent in them, like BCC's syscount (raw_syscalls tracepoints). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "syscount.h"

const volatile __u32 target_pid = 0;
const volatile bool by_process = false;
const volatile bool latency = false;
const volatile bool failures_only = false;
const volatile __s32 filter_errno = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);	/* thread id */
	__type(value, __u64);	/* entry time */
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);	/* syscall number, or pid with by_process */
	__type(value, struct syscall_stat);
} stats SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	if (latency) {
		__u32 tid = (__u32)id;
		__u64 ts = bpf_ktime_get_ns();
		bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	}
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int on_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	if (ctx->id < 0)
		return 0;
	__u64 delta = 0;
	if (latency) {
		__u64 *ts = bpf_map_lookup_elem(&start, &tid);
		if (!ts)
			return 0;
		delta = bpf_ktime_get_ns() - *ts;
		bpf_map_delete_elem(&start, &tid);
	}
	if (failures_only && ctx->ret >= 0)
		return 0;
	if (filter_errno && ctx->ret != -filter_errno)
		return 0;
	__u32 key = by_process ? (__u32)(id >> 32) : (__u32)ctx->id;
	struct syscall_stat *s = bpf_map_lookup_elem(&stats, &key);
	if (!s) {
		struct syscall_stat zero = {};
		if (by_process)
			bpf_get_current_comm(zero.comm, sizeof(zero.comm));
		bpf_map_update_elem(&stats, &key, &zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&stats, &key);
		if (!s)
			return 0;
	}
	__sync_fetch_and_add(&s->count, 1);
	__sync_fetch_and_add(&s->total_ns, delta);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
