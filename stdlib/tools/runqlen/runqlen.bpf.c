// SPDX-License-Identifier: GPL-2.0
/* runqlen: CPU run queue length, sampled at 99 Hz on every CPU from a
 * perf_event, as a linear histogram, like BCC's runqlen. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"

#define MAX_SLOTS 32

/* before 6.14 the queued count was cfs_rq.nr_running */
struct cfs_rq___old {
	unsigned int nr_running;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_SLOTS + 2);
	__type(key, struct bpfx_hist_key);
	__type(value, __u64);
} runqlen SEC(".maps");

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct cfs_rq *rq = BPF_CORE_READ(task, se.cfs_rq);
	__u64 len;
	if (bpf_core_field_exists(rq->nr_queued))
		len = BPF_CORE_READ(rq, nr_queued);
	else
		len = BPF_CORE_READ((struct cfs_rq___old *)rq, nr_running);
	/* the running task is counted: the queue is the rest (as BCC's runqlen) */
	if (len > 0)
		len--;
	struct bpfx_hist_key key = {};
	bpfx_hist_linear(runqlen, key, len, 1, MAX_SLOTS);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
