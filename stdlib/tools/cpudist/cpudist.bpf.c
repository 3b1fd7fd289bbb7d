// SPDX-License-Identifier: GPL-2.0
/* cpudist: how long tasks run on a CPU each time they are scheduled (or,
 * with offcpu, how long they stay off it), as a log2 histogram, like
 * BCC's cpudist (BTF tracepoint sched_switch). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"
#include "cpudist.h"

const volatile __u32 target_pid = 0;	/* tgid */
const volatile bool offcpu = false;
const volatile bool per_process = false;
const volatile bool per_thread = false;
const volatile __u64 unit_div = 1000;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);	/* thread id */
	__type(value, __u64);	/* when it went on (off with offcpu) the CPU */
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct hist_key);
	__type(value, __u64);
} hist SEC(".maps");

static bool traced(struct task_struct *t)
{
	return t->pid && (!target_pid || t->tgid == target_pid);
}

static void mark(struct task_struct *t)
{
	__u32 tid = t->pid;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
}

static void count(struct task_struct *t)
{
	__u32 tid = t->pid;
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	if (!ts)
		return;
	__u64 delta = (bpf_ktime_get_ns() - *ts) / unit_div;
	bpf_map_delete_elem(&start, &tid);
	struct hist_key key = { .id = per_process ? t->tgid : per_thread ? t->pid : 0 };
	bpfx_hist_exp2(hist, key, delta, MAX_BUCKET);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	if (traced(prev)) {
		if (offcpu)
			mark(prev);
		else
			count(prev);
	}
	if (traced(next)) {
		if (offcpu)
			count(next);
		else
			mark(next);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
