// SPDX-License-Identifier: GPL-2.0
/* usdt_ticks: counts USDT probe fires by process and sends each argument. */
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
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} fires SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} ticks SEC(".maps");

BPFX_EVENT_TYPE(ticks, tick);

SEC("usdt")
int BPF_USDT(on_tick, long arg)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	bpfx_map_add(&fires, &pid, 1);
	struct tick *t = bpfx_ringbuf_reserve(&ticks, sizeof(*t));
	if (!t)
		return 0;
	t->pid = pid;
	t->arg = arg;
	bpf_get_current_comm(t->comm, sizeof(t->comm));
	bpf_ringbuf_submit(t, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
