// SPDX-License-Identifier: GPL-2.0
/* killsnoop: kill() calls with signal, target and result, like BCC's
 * killsnoop, from the kill syscall's enter and exit tracepoints. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "killsnoop.h"

const volatile __u32 target_pid = 0;
const volatile __s32 target_signal = 0;
const volatile bool failed_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct kill_event);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, kill_event);

SEC("tracepoint/syscalls/sys_enter_kill")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct kill_event e = {};
	if (target_pid && (id >> 32) != target_pid)
		return 0;
	e.sig = (int)ctx->args[1];
	if (target_signal && e.sig != target_signal)
		return 0;
	e.pid = id >> 32;
	e.tpid = (int)ctx->args[0];
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_map_update_elem(&pending, &tid, &e, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_kill")
int on_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct kill_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	e->ret = (int)ctx->ret;
	if (!failed_only || e->ret < 0)
		bpfx_ringbuf_output(&events, e, sizeof(*e));
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
