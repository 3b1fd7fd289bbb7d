// SPDX-License-Identifier: GPL-2.0
/* runqlat: how long tasks wait on a run queue, from wakeup (or preemption)
 * to running, as a log2 histogram, like BCC/libbpf-tools' runqlat
 * (BTF tracepoints sched_wakeup, sched_wakeup_new, sched_switch). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"
#include "runqlat.h"

const volatile __u32 target_pid = 0;	/* tgid */
const volatile bool per_process = false;
const volatile bool per_thread = false;
const volatile __u64 unit_div = 1000;	/* ns → us; 1000000 for ms */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);	/* thread id */
	__type(value, __u64);	/* enqueue time */
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct hist_key);
	__type(value, __u64);
} hist SEC(".maps");

static int enqueue(struct task_struct *p)
{
	__u32 tid = p->pid;
	if (!tid || (target_pid && p->tgid != target_pid))
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_wakeup, struct task_struct *p)
{
	return enqueue(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new, struct task_struct *p)
{
	return enqueue(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	/* a task switched out while runnable waits on the queue again */
	if (prev->__state == 0)
		enqueue(prev);
	__u32 tid = next->pid;
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	if (!ts)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - *ts) / unit_div;
	bpf_map_delete_elem(&start, &tid);
	struct hist_key key = { .id = per_process ? next->tgid : per_thread ? next->pid : 0 };
	bpfx_hist_exp2(hist, key, delta, MAX_BUCKET);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
