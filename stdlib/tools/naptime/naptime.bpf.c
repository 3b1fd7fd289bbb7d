// SPDX-License-Identifier: GPL-2.0
/* naptime: sleeps asked for with nanosleep() and clock_nanosleep(), with
 * the caller and its parent, like bpftrace's naptime.bt. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"
#include "naptime.h"

const volatile __u32 target_pid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, nap_event);

static int nap(const struct __kernel_timespec *req)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (target_pid && pid != target_pid)
		return 0;
	struct nap_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	struct __kernel_timespec ts = {};
	bpf_probe_read_user(&ts, sizeof(ts), req);
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);
	e->sec = ts.tv_sec;
	e->nsec = ts.tv_nsec;
	e->pid = pid;
	e->ppid = BPF_CORE_READ(parent, tgid);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_CORE_READ_STR_INTO(&e->pcomm, parent, comm);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_nanosleep")
int on_nanosleep(struct trace_event_raw_sys_enter *ctx)
{
	return nap((const struct __kernel_timespec *)ctx->args[0]);
}

SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
int on_clock_nanosleep(struct trace_event_raw_sys_enter *ctx)
{
	return nap((const struct __kernel_timespec *)ctx->args[2]);
}

char LICENSE[] SEC("license") = "GPL";
