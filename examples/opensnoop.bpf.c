// SPDX-License-Identifier: GPL-2.0
/* opensnoop: openat() calls with their result, like BCC's opensnoop.
 * The filename pointer is kept at entry and read at exit, so each event
 * carries the returned fd (or -errno). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "opensnoop.h"

const volatile __u32 target_pid = 0;	/* 0: every process */
const volatile bool failed_only = false;

struct args {
	const char *fname;
	int flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct args);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, open_event);

SEC("tracepoint/syscalls/sys_enter_openat")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	struct args a = { .fname = (const char *)ctx->args[1], .flags = (int)ctx->args[2] };
	bpf_map_update_elem(&start, &id, &a, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int on_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct args *a = bpf_map_lookup_elem(&start, &id);
	if (!a)
		return 0;
	if (failed_only && ctx->ret >= 0)
		goto cleanup;
	struct open_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (e) {
		e->ts_ns = bpf_ktime_get_ns();
		e->pid = id >> 32;
		e->uid = (__u32)bpf_get_current_uid_gid();
		e->ret = (int)ctx->ret;
		e->flags = a->flags;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_probe_read_user_str(e->fname, sizeof(e->fname), a->fname);
		bpf_ringbuf_submit(e, 0);
	}
cleanup:
	bpf_map_delete_elem(&start, &id);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
