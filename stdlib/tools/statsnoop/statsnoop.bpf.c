// SPDX-License-Identifier: GPL-2.0
/* statsnoop: stat-family calls with their result, like libbpf-tools'
 * statsnoop: the path pointer is kept at entry, read and sent at exit. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "statsnoop.h"

const volatile __u32 target_pid = 0;
const volatile bool failed_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, const char *);
} paths SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, stat_event);

static int enter(const char *path)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	bpf_map_update_elem(&paths, &tid, &path, BPF_ANY);
	return 0;
}

static int leave(long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	const char **path = bpf_map_lookup_elem(&paths, &tid);
	if (!path)
		return 0;
	if (!failed_only || ret < 0) {
		struct stat_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
		if (e) {
			e->ts_ns = bpf_ktime_get_ns();
			e->pid = id >> 32;
			e->ret = (int)ret;
			bpf_get_current_comm(e->comm, sizeof(e->comm));
			bpf_probe_read_user_str(e->path, sizeof(e->path), *path);
			bpf_ringbuf_submit(e, 0);
		}
	}
	bpf_map_delete_elem(&paths, &tid);
	return 0;
}

/* the path is the first argument of statfs/newstat/newlstat, the second of statx/newfstatat */
SEC("tracepoint/syscalls/sys_enter_statfs")
int statfs_enter(struct trace_event_raw_sys_enter *ctx) { return enter((const char *)ctx->args[0]); }
SEC("tracepoint/syscalls/sys_enter_newstat")
int newstat_enter(struct trace_event_raw_sys_enter *ctx) { return enter((const char *)ctx->args[0]); }
SEC("tracepoint/syscalls/sys_enter_newlstat")
int newlstat_enter(struct trace_event_raw_sys_enter *ctx) { return enter((const char *)ctx->args[0]); }
SEC("tracepoint/syscalls/sys_enter_statx")
int statx_enter(struct trace_event_raw_sys_enter *ctx) { return enter((const char *)ctx->args[1]); }
SEC("tracepoint/syscalls/sys_enter_newfstatat")
int newfstatat_enter(struct trace_event_raw_sys_enter *ctx) { return enter((const char *)ctx->args[1]); }

SEC("tracepoint/syscalls/sys_exit_statfs")
int statfs_exit(struct trace_event_raw_sys_exit *ctx) { return leave(ctx->ret); }
SEC("tracepoint/syscalls/sys_exit_newstat")
int newstat_exit(struct trace_event_raw_sys_exit *ctx) { return leave(ctx->ret); }
SEC("tracepoint/syscalls/sys_exit_newlstat")
int newlstat_exit(struct trace_event_raw_sys_exit *ctx) { return leave(ctx->ret); }
SEC("tracepoint/syscalls/sys_exit_statx")
int statx_exit(struct trace_event_raw_sys_exit *ctx) { return leave(ctx->ret); }
SEC("tracepoint/syscalls/sys_exit_newfstatat")
int newfstatat_exit(struct trace_event_raw_sys_exit *ctx) { return leave(ctx->ret); }

char LICENSE[] SEC("license") = "GPL";
