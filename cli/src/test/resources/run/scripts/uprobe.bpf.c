// SPDX-License-Identifier: GPL-2.0
/* An event per call of a user function, with its first (int) argument. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"
#include "call.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} calls SEC(".maps");

BPFX_EVENT_TYPE(calls, call);

SEC("uprobe")
int BPF_KPROBE(on_call, int x)
{
	struct call *c = bpfx_ringbuf_reserve(&calls, sizeof(*c));
	if (!c)
		return 0;
	c->pid = bpf_get_current_pid_tgid() >> 32;
	c->value = x;
	bpf_get_current_comm(c->comm, sizeof(c->comm));
	bpf_ringbuf_submit(c, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
