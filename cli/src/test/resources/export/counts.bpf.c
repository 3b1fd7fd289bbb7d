// SPDX-License-Identifier: GPL-2.0
/* Export tests: what openloop and uprobe_target do, as maps and events.
 *   opens    (comm, fname) of every openat() by an "openloop" process; pid is in
 *            the key but not a label, so the exporter sums it away
 *   events   one ring buffer record per such openat()
 *   lat_ns   log2 histogram of bpfx_target_fn's latency, by pid */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"

#define FNAME_LEN 64
#define MAX_BUCKET 30

enum kind { KIND_OPEN = 1, KIND_OTHER = 2 };

struct open_key {
	__u32 pid;
	char comm[16];
	char fname[FNAME_LEN];
	enum kind kind;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
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

struct hist_key {
	__u32 pid;
	__u32 bucket;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct hist_key);
	__type(value, __u64);
} lat_ns SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

static __always_inline int is_openloop(const char *comm)
{
	return comm[0] == 'o' && comm[1] == 'p' && comm[2] == 'e' && comm[3] == 'n' && comm[4] == 'l'
		&& comm[5] == 'o' && comm[6] == 'o' && comm[7] == 'p' && comm[8] == 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int count_open(struct trace_event_raw_sys_enter *ctx)
{
	struct open_key key = {};
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	if (!is_openloop(key.comm))
		return 0;
	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.kind = KIND_OPEN;
	bpf_probe_read_user_str(key.fname, sizeof(key.fname), (const char *)ctx->args[1]);
	bpfx_map_add(&opens, &key, 1);

	struct open_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (e) {
		e->pid = key.pid;
		__builtin_memcpy(e->comm, key.comm, sizeof(e->comm));
		__builtin_memcpy(e->fname, key.fname, sizeof(e->fname));
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(fn_entry)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(fn_return)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	if (!ts)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&start, &tid);
	struct hist_key key = { .pid = id >> 32 };
	bpfx_hist_exp2(lat_ns, key, delta, MAX_BUCKET);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
