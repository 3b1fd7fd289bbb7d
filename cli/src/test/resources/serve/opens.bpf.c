// SPDX-License-Identifier: GPL-2.0
/* Serve tests: every openat() by an "openloop" process, counted by file name and sent as an event. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

#define FNAME_LEN 64

struct open_key {
	char fname[FNAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct open_key);
	__type(value, __u64);
} opens SEC(".maps");

struct open_event {
	__u32 pid;
	char comm[16];
	char fname[FNAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, open_event);

static __always_inline int is_openloop(const char *comm)
{
	return comm[0] == 'o' && comm[1] == 'p' && comm[2] == 'e' && comm[3] == 'n' && comm[4] == 'l'
		&& comm[5] == 'o' && comm[6] == 'o' && comm[7] == 'p' && comm[8] == 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int count_open(struct trace_event_raw_sys_enter *ctx)
{
	struct open_event *e;
	struct open_key key = {};
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	if (!is_openloop(comm))
		return 0;
	bpf_probe_read_user_str(key.fname, sizeof(key.fname), (const char *)ctx->args[1]);
	bpfx_map_add(&opens, &key, 1);
	e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (e) {
		e->pid = bpf_get_current_pid_tgid() >> 32;
		__builtin_memcpy(e->comm, comm, sizeof(e->comm));
		__builtin_memcpy(e->fname, key.fname, sizeof(e->fname));
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
