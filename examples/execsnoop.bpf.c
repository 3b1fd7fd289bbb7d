// SPDX-License-Identifier: GPL-2.0
/* execsnoop: execve() with its first arguments and result, like BCC's
 * execsnoop. Arguments are read at entry (the caller's memory is gone
 * after a successful exec) and sent at exit with the return value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"
#include "execsnoop.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, exec_event);

static const struct exec_event empty = {};

SEC("tracepoint/syscalls/sys_enter_execve")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (bpf_map_update_elem(&execs, &tid, &empty, BPF_NOEXIST))
		return 0;
	struct exec_event *e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	const char **argv = (const char **)ctx->args[1];
	for (int i = 0; i < MAXARGS; i++) {
		const char *arg = NULL;
		bpf_probe_read_user(&arg, sizeof(arg), &argv[i]);
		if (!arg)
			break;
		bpf_probe_read_user_str(e->args[i], ARGSIZE, arg);
		e->argc = i + 1;
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int on_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct exec_event *e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	e->ret = (int)ctx->ret;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpfx_ringbuf_output(&events, e, sizeof(*e));
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
