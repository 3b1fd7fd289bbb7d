// SPDX-License-Identifier: GPL-2.0
/* softirqs: soft interrupt time (or count) by kind, like libbpf-tools'
 * softirqs (irq:softirq_entry / softirq_exit). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

struct softirq_key {
	__u32 vec;	/* HI_SOFTIRQ .. RCU_SOFTIRQ */
};

const volatile bool count_only = false;
const volatile __u64 unit_div = 1000;	/* ns → us; 1 with -N */

/* softirqs do not nest on a CPU: one start time per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct softirq_key);
	__type(value, __u64);
} softirqs SEC(".maps");

SEC("tracepoint/irq/softirq_entry")
int on_entry(struct trace_event_raw_softirq *ctx)
{
	__u32 zero = 0;
	struct softirq_key key = { .vec = ctx->vec };
	if (count_only) {
		bpfx_map_add(&softirqs, &key, 1);
		return 0;
	}
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &zero, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/irq/softirq_exit")
int on_exit(struct trace_event_raw_softirq *ctx)
{
	__u32 zero = 0;
	struct softirq_key key = { .vec = ctx->vec };
	__u64 *ts = bpf_map_lookup_elem(&start, &zero);
	if (count_only || !ts || !*ts)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - *ts) / unit_div;
	*ts = 0;
	bpfx_map_add(&softirqs, &key, delta);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
