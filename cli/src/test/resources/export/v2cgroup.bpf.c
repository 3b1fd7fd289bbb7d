/* ebpf_exporter's cgroup_id_map: getppid() calls counted by cgroup id, apart for the
 * cgroups the exporter put in cgroup_id_map (those whose path matches the config's regexps). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define COUNTER(name) struct { \
	__uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, u64); __type(value, u64); \
} name SEC(".maps")

COUNTER(cgroup_id_map);
COUNTER(cg_getppid_matched_total);
COUNTER(cg_getppid_unmatched_total);

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	u64 id = bpf_get_current_cgroup_id(), one = 1, *n;
	void *counts = bpf_map_lookup_elem(&cgroup_id_map, &id) ? (void *)&cg_getppid_matched_total
							       : (void *)&cg_getppid_unmatched_total;
	n = bpf_map_lookup_elem(counts, &id);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(counts, &id, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
