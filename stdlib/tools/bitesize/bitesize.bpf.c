// SPDX-License-Identifier: GPL-2.0
/* bitesize: block I/O sizes by process as log2 histograms (KiB), like
 * BCC's bitesize (tracepoint block:block_rq_issue, which names the command). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "bitesize.h"

const volatile __u32 target_dev = 0;
const volatile char target_comm[TASK_COMM_LEN] = {};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct hist_key);
	__type(value, __u64);
} hist SEC(".maps");

SEC("tracepoint/block/block_rq_issue")
int on_issue(struct trace_event_raw_block_rq *args)
{
	struct trace_event_raw_block_rq rq;
	bpf_probe_read_kernel(&rq, sizeof(rq), args);
	if (target_dev && rq.dev != target_dev)
		return 0;
	struct hist_key key = {};
	__builtin_memcpy(key.comm, rq.comm, sizeof(key.comm));
	if (target_comm[0]) {
		for (int i = 0; i < TASK_COMM_LEN; i++) {
			if (key.comm[i] != target_comm[i])
				return 0;
			if (!key.comm[i])
				break;
		}
	}
	bpfx_hist_exp2(hist, key, rq.bytes / 1024, MAX_BUCKET);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
