// SPDX-License-Identifier: GPL-2.0
/* Benchmark producer: every getppid() of process `target_pid` emits `burst`
 * 64-byte records into the ring buffer (bpf_loop keeps the verifier happy
 * for large bursts). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

const volatile __u32 target_pid = 0;
const volatile __u32 burst = 1;

struct rec64 {
	__u64 seq;
	__u32 pid;
	__u32 cpu;
	__u64 pad[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, rec64);

__u64 seq = 0;

static long emit_one(__u32 i, void *ctx)
{
	struct rec64 *r = bpfx_ringbuf_reserve(&events, sizeof(*r));
	if (!r)
		return 0;
	r->seq = __sync_fetch_and_add(&seq, 1);
	r->pid = target_pid;
	r->cpu = bpf_get_smp_processor_id();
	bpf_ringbuf_submit(r, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int produce(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	bpf_loop(burst, emit_one, NULL, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
