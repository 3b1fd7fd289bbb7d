// SPDX-License-Identifier: GPL-2.0
/* syncsnoop: sync(), syncfs(), fsync(), fdatasync(), sync_file_range() and
 * msync() calls, like bpftrace's syncsnoop.bt (syscall entry tracepoints). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "syncsnoop.h"

const volatile __u32 target_pid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, sync_event);

static int sent(enum sync_call call)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (target_pid && pid != target_pid)
		return 0;
	struct sync_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->pid = pid;
	e->call = call;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_sync")
int on_sync(void *ctx) { return sent(SYNC_SYNC); }
SEC("tracepoint/syscalls/sys_enter_syncfs")
int on_syncfs(void *ctx) { return sent(SYNC_SYNCFS); }
SEC("tracepoint/syscalls/sys_enter_fsync")
int on_fsync(void *ctx) { return sent(SYNC_FSYNC); }
SEC("tracepoint/syscalls/sys_enter_fdatasync")
int on_fdatasync(void *ctx) { return sent(SYNC_FDATASYNC); }
SEC("tracepoint/syscalls/sys_enter_sync_file_range")
int on_sync_range(void *ctx) { return sent(SYNC_SYNC_FILE_RANGE); }
SEC("tracepoint/syscalls/sys_enter_msync")
int on_msync(void *ctx) { return sent(SYNC_MSYNC); }

char LICENSE[] SEC("license") = "GPL";
