// SPDX-License-Identifier: GPL-2.0
/* hardirqs: hard interrupt time (or count) by handler name, like
 * libbpf-tools' hardirqs (irq:irq_handler_entry / irq_handler_exit). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "hardirqs.h"

const volatile bool count_only = false;
const volatile __u64 unit_div = 1000;	/* ns → us; 1 with -N */

struct entry {
	__u64 ts;
	struct irq_key key;
};

/* handlers do not nest on a CPU: one slot per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct entry);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct irq_key);
	__type(value, __u64);
} irqs SEC(".maps");

SEC("tracepoint/irq/irq_handler_entry")
int on_entry(struct trace_event_raw_irq_handler_entry *ctx)
{
	__u32 zero = 0;
	struct entry *e = bpf_map_lookup_elem(&start, &zero);
	if (!e)
		return 0;
	__builtin_memset(&e->key, 0, sizeof(e->key));
	bpf_probe_read_kernel_str(e->key.name, sizeof(e->key.name),
				  (void *)ctx + (ctx->__data_loc_name & 0xffff));
	if (count_only) {
		bpfx_map_add(&irqs, &e->key, 1);
		return 0;
	}
	e->ts = bpf_ktime_get_ns();
	return 0;
}

SEC("tracepoint/irq/irq_handler_exit")
int on_exit(struct trace_event_raw_irq_handler_exit *ctx)
{
	__u32 zero = 0;
	struct entry *e = bpf_map_lookup_elem(&start, &zero);
	if (count_only || !e || !e->ts)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - e->ts) / unit_div;
	e->ts = 0;
	bpfx_map_add(&irqs, &e->key, delta);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
