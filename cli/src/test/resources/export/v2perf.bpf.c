/* ebpf_exporter's SEC("perf_event/type=..,config=..,frequency=..") handler: the
 * software cpu-clock event sampled on every CPU. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} cpu_clock_samples_total SEC(".maps");

SEC("perf_event/type=1,config=0,frequency=1000")
int on_sample(void *ctx)
{
	u32 zero = 0;
	u64 *n = bpf_map_lookup_elem(&cpu_clock_samples_total, &zero);
	if (n)
		*n += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
