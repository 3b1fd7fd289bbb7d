// SPDX-License-Identifier: GPL-2.0
/* gethostlatency: host name lookups (getaddrinfo, gethostbyname,
 * gethostbyname2) with their latency, like BCC's gethostlatency: the name
 * is read at entry, the event sent at return. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"
#include "gethostlatency.h"

const volatile __u32 target_pid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct host_event);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, host_event);

SEC("uprobe")
int BPF_KPROBE(on_lookup, const char *name)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	struct host_event e = { .start_ns = bpf_ktime_get_ns(), .pid = id >> 32 };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.host, sizeof(e.host), name);
	bpf_map_update_elem(&pending, &tid, &e, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(on_lookup_return)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct host_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	e->lat_ns = bpf_ktime_get_ns() - e->start_ns;
	bpfx_ringbuf_output(&events, e, sizeof(*e));
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
