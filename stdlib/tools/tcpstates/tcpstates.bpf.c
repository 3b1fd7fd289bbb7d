// SPDX-License-Identifier: GPL-2.0
/* tcpstates: TCP state changes with the time spent in the old state, like
 * libbpf-tools' tcpstates (tracepoint sock:inet_sock_set_state). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpfx.h"
#include "tcpstates.h"

#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6
#define TCP_CLOSE 7

const volatile __u16 target_family = 0;	/* 0: both */
const volatile __u16 target_sport = 0;
const volatile __u16 target_dport = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);	/* the socket's address */
	__type(value, __u64);	/* when it entered its current state */
} since SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, tcpstate_event);

SEC("tracepoint/sock/inet_sock_set_state")
int on_state(struct trace_event_raw_inet_sock_set_state *args)
{
	/* one copy: the verifier refuses ctx reads clang merges or offsets */
	struct trace_event_raw_inet_sock_set_state copy, *ctx = &copy;
	bpf_probe_read_kernel(&copy, sizeof(copy), args);
	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	if (target_family && ctx->family != target_family)
		return 0;
	if (target_sport && ctx->sport != target_sport)
		return 0;
	if (target_dport && ctx->dport != target_dport)
		return 0;
	__u64 sk = (__u64)ctx->skaddr, now = bpf_ktime_get_ns();
	__u64 *ts = bpf_map_lookup_elem(&since, &sk);
	struct tcpstate_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (e) {
		e->skaddr = sk;
		e->delta_us = ts ? (now - *ts) / 1000 : 0;
		e->pid = bpf_get_current_pid_tgid() >> 32;
		e->family = ctx->family;
		e->sport = ctx->sport;
		e->dport = ctx->dport;
		e->oldstate = ctx->oldstate;
		e->newstate = ctx->newstate;
		if (ctx->family == AF_INET) {
			__builtin_memcpy(e->saddr, ctx->saddr, 4);
			__builtin_memcpy(e->daddr, ctx->daddr, 4);
		} else {
			__builtin_memcpy(e->saddr, ctx->saddr_v6, 16);
			__builtin_memcpy(e->daddr, ctx->daddr_v6, 16);
		}
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_ringbuf_submit(e, 0);
	}
	if (ctx->newstate == TCP_CLOSE)
		bpf_map_delete_elem(&since, &sk);
	else
		bpf_map_update_elem(&since, &sk, &now, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
