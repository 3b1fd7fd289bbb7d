// SPDX-License-Identifier: GPL-2.0
/* Seed example, target ebpf_program2: an event per lua_pcall() call. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"

struct event {
	__u32 pid;
	__s32 nargs;
	__s32 nresults;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, event);

/* int lua_pcall(lua_State *L, int nargs, int nresults, int errfunc) */
SEC("uprobe")
int BPF_KPROBE(handler_entry_uprobe, void *L, int nargs, int nresults)
{
	struct event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->nargs = nargs;
	e->nresults = nresults;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
