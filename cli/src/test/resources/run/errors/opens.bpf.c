// SPDX-License-Identifier: GPL-2.0
/* An event per openat() of one process (target_pid), with the file name. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

const volatile __u32 target_pid = 0;

struct open_event {
	__u32 pid;
	char comm[16];
	char fname[128];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} opens SEC(".maps");

BPFX_EVENT_TYPE(opens, open_event);

SEC("tracepoint")
int on_openat(struct trace_event_raw_sys_enter *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (pid != target_pid)
		return 0;
	struct open_event *e = bpfx_ringbuf_reserve(&opens, sizeof(*e));
	if (!e)
		return 0;
	e->pid = pid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_user_str(e->fname, sizeof(e->fname), (const char *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
