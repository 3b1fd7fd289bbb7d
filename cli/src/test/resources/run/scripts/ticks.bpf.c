// SPDX-License-Identifier: GPL-2.0
/* An event per fire of a USDT probe, with its first argument. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>
#include "bpfx.h"

struct tick {
	__u32 pid;
	__s64 arg;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} ticks SEC(".maps");

BPFX_EVENT_TYPE(ticks, tick);

SEC("usdt")
int BPF_USDT(on_tick, long arg)
{
	struct tick *t = bpfx_ringbuf_reserve(&ticks, sizeof(*t));
	if (!t)
		return 0;
	t->pid = bpf_get_current_pid_tgid() >> 32;
	t->arg = arg;
	bpf_get_current_comm(t->comm, sizeof(t->comm));
	bpf_ringbuf_submit(t, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
