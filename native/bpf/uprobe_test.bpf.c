// SPDX-License-Identifier: GPL-2.0
/* Engine tests: uprobe hits, uretprobe return values, USDT fires. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "bpfx.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);		/* 0: uprobe, 1: uretprobe, 2: usdt */
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __s32);		/* return value */
	__type(value, __u64);		/* how often */
} rets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);		/* USDT arg 0 modulo 1024 */
	__type(value, __u64);
} usdt_args SEC(".maps");

static __always_inline void bump(__u32 i)
{
	__u64 *v = bpf_map_lookup_elem(&hits, &i);
	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("uprobe")
int BPF_KPROBE(on_call, int x)
{
	bump(0);
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(on_return, int ret)
{
	bump(1);
	bpfx_map_add(&rets, &ret, 1);
	return 0;
}

SEC("usdt")
int BPF_USDT(on_tick, long i)
{
	__u64 k = (__u64)i % 1024;
	bump(2);
	bpfx_map_add(&usdt_args, &k, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
