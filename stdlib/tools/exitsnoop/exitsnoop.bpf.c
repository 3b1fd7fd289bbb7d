// SPDX-License-Identifier: GPL-2.0
/* exitsnoop: process (and optionally thread) exits with age and exit status,
 * from sched:sched_process_exit, like libbpf-tools' exitsnoop. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"
#include "exitsnoop.h"

const volatile __u32 target_pid = 0;
const volatile bool trace_threads = false;
const volatile bool failed_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, exit_event);

SEC("tracepoint/sched/sched_process_exit")
int on_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32, tid = (__u32)id;
	if (target_pid && pid != target_pid)
		return 0;
	if (!trace_threads && pid != tid)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	int code = BPF_CORE_READ(task, exit_code);
	if (failed_only && code == 0)
		return 0;
	struct exit_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->start_ns = BPF_CORE_READ(task, start_boottime);
	e->exit_ns = bpf_ktime_get_boot_ns();
	e->pid = pid;
	e->tid = tid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_code = (code >> 8) & 0xff;
	e->sig = code & 0x7f;
	e->core_dumped = (code & 0x80) != 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
