// SPDX-License-Identifier: GPL-2.0
/* A ring buffer whose record struct is neither marked nor named "event":
 * clang keeps no type for it in BTF. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct record {
	__u32 pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} records SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int on_open(void *ctx)
{
	struct record r = { .pid = bpf_get_current_pid_tgid() >> 32 };
	bpf_ringbuf_output(&records, &r, sizeof(r), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
