// SPDX-License-Identifier: GPL-2.0
/* 64-bit values at their boundaries, for the exact-integer tests: an event with a kernel-like
 * address and values the script set, a u64 -> u64 and an s64 -> s64 hash map, and a per-CPU
 * array whose per-CPU values sum past 2^53 and 2^63. Fills them on each call of the workload's
 * bpfx_target_fn (only the process target_pid, when set). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"

struct wide_event {
	__u64 addr;
	__u64 small;
	__s64 neg;
	__u64 cookie;	/* set_values: through .rodata and back */
	__s64 scookie;
	__u64 kaddr;	/* run(name, values): a real kernel address, for ksym() */
};

const volatile __u32 target_pid = 0;
const volatile __u64 cookie = 0;
const volatile __s64 scookie = 0;
const volatile __u64 kaddr = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, wide_event);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __u64);
} u64s SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __s64);
	__type(value, __s64);
} s64s SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} sums SEC(".maps");

static void put_u(__u64 k, __u64 v)
{
	bpf_map_update_elem(&u64s, &k, &v, BPF_ANY);
}

static void put_s(__s64 k, __s64 v)
{
	bpf_map_update_elem(&s64s, &k, &v, BPF_ANY);
}

/* this CPU's slot and another's: bpf_map_lookup_percpu_elem writes both without moving */
static void per_cpu(__u32 key, __u64 cpu0, __u64 cpu1)
{
	__u64 *p = bpf_map_lookup_percpu_elem(&sums, &key, 0);
	if (p)
		*p = cpu0;
	p = bpf_map_lookup_percpu_elem(&sums, &key, 1);
	if (p)
		*p = cpu1;
}

SEC("uprobe")
int BPF_KPROBE(on_call, int x)
{
	if (target_pid && (bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	put_u(1ULL << 31, 1ULL << 31);
	put_u(1ULL << 32, (1ULL << 32) + 1);
	put_u(1ULL << 53, (1ULL << 53) + 1);
	put_u((1ULL << 53) + 1, 1ULL << 53);
	put_u(1ULL << 63, ~0ULL);
	put_u(~0ULL, 1ULL << 63);
	put_u(0xffffffff81234567ULL, 0xfffffffffffffffeULL);
	put_s(-1, (__s64)(1ULL << 63));
	put_s((__s64)(1ULL << 63), -1);
	put_s(-(1LL << 53) - 1, (1LL << 53) + 1);
	per_cpu(0, (1ULL << 53) - 1, 6);	/* 2^53 + 5 */
	per_cpu(1, (1ULL << 63) - 1, 2);	/* 2^63 + 1 */

	struct wide_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->addr = 0xffffffff81234567ULL;
	e->small = 42;
	e->neg = -(1LL << 53) - 1;
	e->cookie = cookie;
	e->scookie = scookie;
	e->kaddr = kaddr;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
