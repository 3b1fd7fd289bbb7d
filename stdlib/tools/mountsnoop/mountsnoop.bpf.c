// SPDX-License-Identifier: GPL-2.0
/* mountsnoop: mount() and umount() calls with their arguments and result,
 * like libbpf-tools' mountsnoop (syscall enter/exit tracepoints). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"
#include "mountsnoop.h"

const volatile __u32 target_pid = 0;
const volatile bool failed_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct mount_event);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, mount_event);

static const struct mount_event empty = {};

static struct mount_event *begin(enum mount_op op)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	if (target_pid && (id >> 32) != target_pid)
		return NULL;
	if (bpf_map_update_elem(&pending, &tid, &empty, BPF_ANY))
		return NULL;
	struct mount_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return NULL;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	e->pid = id >> 32;
	e->tid = tid;
	e->op = op;
	e->mnt_ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

static int end(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct mount_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	e->ret = (int)ret;
	if (!failed_only || ret < 0)
		bpfx_ringbuf_output(&events, e, sizeof(*e));
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_mount")
int mount_enter(struct trace_event_raw_sys_enter *ctx)
{
	struct mount_event *e = begin(MOUNT);
	if (!e)
		return 0;
	bpf_probe_read_user_str(e->src, sizeof(e->src), (const char *)ctx->args[0]);
	bpf_probe_read_user_str(e->dest, sizeof(e->dest), (const char *)ctx->args[1]);
	bpf_probe_read_user_str(e->fs, sizeof(e->fs), (const char *)ctx->args[2]);
	e->flags = ctx->args[3];
	bpf_probe_read_user_str(e->data, sizeof(e->data), (const char *)ctx->args[4]);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_umount")
int umount_enter(struct trace_event_raw_sys_enter *ctx)
{
	struct mount_event *e = begin(UMOUNT);
	if (!e)
		return 0;
	bpf_probe_read_user_str(e->dest, sizeof(e->dest), (const char *)ctx->args[0]);
	e->flags = ctx->args[1];
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_mount")
int mount_exit(struct trace_event_raw_sys_exit *ctx) { return end(ctx->ret); }

SEC("tracepoint/syscalls/sys_exit_umount")
int umount_exit(struct trace_event_raw_sys_exit *ctx) { return end(ctx->ret); }

char LICENSE[] SEC("license") = "GPL";
