// SPDX-License-Identifier: GPL-2.0
/* `bpfx run FILE` / `bpfx export FILE` with no script (cli norun tests): one
 * record per openat, opens counted by command, and a histogram of the path
 * lengths; every map is read by BTF alone. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"

const volatile __u32 targ_pid = 0;

struct open_event {
	__u32 pid;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} opens_rb SEC(".maps");

BPFX_EVENT_TYPE(opens_rb, open_event);

struct comm_key {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct comm_key);
	__type(value, __u64);
} opens_total SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct bpfx_hist_key);
	__type(value, __u64);
} path_len SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_open(struct trace_event_raw_sys_enter *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (targ_pid && pid != targ_pid)
		return 0;
	struct comm_key key = {};
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	bpfx_map_add(&opens_total, &key, 1);
	struct open_event *e = bpfx_ringbuf_reserve(&opens_rb, sizeof(*e));
	if (!e)
		return 0;
	e->pid = pid;
	__builtin_memcpy(e->comm, key.comm, sizeof(e->comm));
	long len = bpf_probe_read_user_str(e->filename, sizeof(e->filename), (void *)ctx->args[1]);
	bpfx_hist_exp2_scalar(path_len, len > 0 ? len : 0, 20);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
