// SPDX-License-Identifier: GPL-2.0
/* funclatency: a log2 histogram of a user function's latency (ns), from a
 * uprobe at entry and a uretprobe at return, like BCC's funclatency. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"

#define MAX_BUCKET 40

const volatile __u32 target_pid = 0;
const volatile __u64 unit_div = 1;	/* 1000: us, 1000000: ms */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);	/* thread id */
	__type(value, __u64);	/* entry time */
} start SEC(".maps");

/* key: log2 bucket; key MAX_BUCKET + 1: sum of latencies (bpfx.h layout) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_BUCKET + 2);
	__type(key, struct bpfx_hist_key);
	__type(value, __u64);
} latency_ns SEC(".maps");

SEC("uprobe")
int BPF_KPROBE(on_entry)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	__u32 tid = (__u32)id;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(on_return)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	if (!ts)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&start, &tid);
	bpfx_hist_exp2_scalar(latency_ns, delta / unit_div, MAX_BUCKET);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
