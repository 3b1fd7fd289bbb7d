// SPDX-License-Identifier: GPL-2.0
/* oomkill: OOM killer victims with the task that triggered the kill, like
 * libbpf-tools' oomkill, from oom:mark_victim (it fires in the context of
 * the allocation that ran out of memory). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "oomkill.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, oom_event);

SEC("tracepoint/oom/mark_victim")
int on_victim(struct trace_event_raw_mark_victim *args)
{
	struct trace_event_raw_mark_victim v;
	bpf_probe_read_kernel(&v, sizeof(v), args);
	struct oom_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->pages = v.total_vm;
	e->fpid = bpf_get_current_pid_tgid() >> 32;
	e->tpid = v.pid;
	bpf_get_current_comm(e->fcomm, sizeof(e->fcomm));
	bpf_probe_read_kernel_str(e->tcomm, sizeof(e->tcomm), (void *)args + (v.__data_loc_comm & 0xffff));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
