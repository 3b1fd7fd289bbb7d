// SPDX-License-Identifier: GPL-2.0
/* An ebpf_exporter v2 config's program (v2opens.yaml): openat() of files whose
 * name starts with "/tmp/bpfx-v2-", by pid. Built the way ebpf_exporter's
 * examples are: clang -target bpf -g against vmlinux.h, maps named after metrics. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define MAX_BUCKET 63

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} v2_opens_total SEC(".maps");

struct name_len_key {
	__u32 pid;
	__u32 bucket;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name_len_key);
	__type(value, __u64);
} v2_name_length SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} v2_open_events_total SEC(".maps");

static __always_inline void add(void *map, void *key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(map, key);
	if (v) {
		__sync_fetch_and_add(v, n);
		return;
	}
	bpf_map_update_elem(map, key, &n, BPF_NOEXIST);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int v2_openat(struct trace_event_raw_sys_enter *ctx)
{
	char name[64] = {};
	long len = bpf_probe_read_user_str(name, sizeof(name), (const char *)ctx->args[1]);
	const char prefix[] = "/tmp/bpfx-v2-";
	for (int i = 0; i < sizeof(prefix) - 1; i++) {
		if (name[i] != prefix[i])
			return 0;
	}
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	add(&v2_opens_total, &pid, 1);

	struct name_len_key key = { .pid = pid, .bucket = len > 0 ? len - 1 : 0 };
	if (key.bucket > MAX_BUCKET)
		key.bucket = MAX_BUCKET;
	__u64 length = key.bucket;
	add(&v2_name_length, &key, 1);
	key.bucket = MAX_BUCKET + 1;	/* the sum */
	add(&v2_name_length, &key, length);

	bpf_perf_event_output(ctx, &v2_open_events_total, BPF_F_CURRENT_CPU, &pid, sizeof(pid));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
