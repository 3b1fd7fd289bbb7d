// SPDX-License-Identifier: GPL-2.0
/* sigsnoop: every signal generated, from signal:signal_generate, like
 * libbpf-tools' sigsnoop (its default mode). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "sigsnoop.h"

const volatile __u32 target_pid = 0;
const volatile __s32 target_signal = 0;
const volatile bool failed_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, signal_event);

SEC("tracepoint/signal/signal_generate")
int on_generate(struct trace_event_raw_signal_generate *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (target_pid && pid != target_pid)
		return 0;
	if (target_signal && ctx->sig != target_signal)
		return 0;
	if (failed_only && ctx->result == 0)
		return 0;
	struct signal_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->pid = pid;
	e->tpid = ctx->pid;
	e->sig = ctx->sig;
	e->result = ctx->result;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
