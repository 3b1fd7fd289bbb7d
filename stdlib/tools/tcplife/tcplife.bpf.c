// SPDX-License-Identifier: GPL-2.0
/* tcplife: TCP sessions when they close, with their lifespan and bytes,
 * like BCC's tcplife (tracepoint sock:inet_sock_set_state; the process is
 * the one that connected or closed, remembered at SYN_SENT / LAST_ACK). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"
#include "tcplife.h"

#define AF_INET 2
#define IPPROTO_TCP 6
#define TCP_SYN_SENT 2
#define TCP_FIN_WAIT1 4
#define TCP_CLOSE 7
#define TCP_LAST_ACK 9

const volatile __u32 target_pid = 0;
const volatile __u16 target_family = 0;
const volatile __u16 target_sport = 0;
const volatile __u16 target_dport = 0;

struct ident {
	__u32 pid;
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} birth SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ident);
} idents SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, tcplife_event);

SEC("tracepoint/sock/inet_sock_set_state")
int on_state(struct trace_event_raw_inet_sock_set_state *args)
{
	/* one copy: the verifier refuses ctx reads clang merges or offsets */
	struct trace_event_raw_inet_sock_set_state copy, *ctx = &copy;
	bpf_probe_read_kernel(&copy, sizeof(copy), args);
	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	__u64 sk = (__u64)ctx->skaddr;
	if (ctx->newstate < TCP_FIN_WAIT1) {
		__u64 ts = bpf_ktime_get_ns();
		bpf_map_update_elem(&birth, &sk, &ts, BPF_ANY);
	}
	if (ctx->newstate == TCP_SYN_SENT || ctx->newstate == TCP_LAST_ACK) {
		struct ident id = { .pid = bpf_get_current_pid_tgid() >> 32 };
		bpf_get_current_comm(id.comm, sizeof(id.comm));
		bpf_map_update_elem(&idents, &sk, &id, BPF_ANY);
	}
	if (ctx->newstate != TCP_CLOSE)
		return 0;
	__u64 *start = bpf_map_lookup_elem(&birth, &sk);
	struct ident *id = bpf_map_lookup_elem(&idents, &sk);
	if (!start)
		goto cleanup;
	__u32 pid = id ? id->pid : bpf_get_current_pid_tgid() >> 32;
	if ((target_pid && pid != target_pid) || (target_family && ctx->family != target_family) ||
	    (target_sport && ctx->sport != target_sport) || (target_dport && ctx->dport != target_dport))
		goto cleanup;
	struct tcplife_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (e) {
		struct tcp_sock *tp = (struct tcp_sock *)ctx->skaddr;
		e->span_us = (bpf_ktime_get_ns() - *start) / 1000;
		e->rx_b = BPF_CORE_READ(tp, bytes_received);
		e->tx_b = BPF_CORE_READ(tp, bytes_acked);
		e->pid = pid;
		e->family = ctx->family;
		e->sport = ctx->sport;
		e->dport = ctx->dport;
		if (ctx->family == AF_INET) {
			__builtin_memcpy(e->saddr, ctx->saddr, 4);
			__builtin_memcpy(e->daddr, ctx->daddr, 4);
		} else {
			__builtin_memcpy(e->saddr, ctx->saddr_v6, 16);
			__builtin_memcpy(e->daddr, ctx->daddr_v6, 16);
		}
		if (id)
			__builtin_memcpy(e->comm, id->comm, sizeof(e->comm));
		else
			bpf_get_current_comm(e->comm, sizeof(e->comm));
		bpf_ringbuf_submit(e, 0);
	}
cleanup:
	bpf_map_delete_elem(&birth, &sk);
	bpf_map_delete_elem(&idents, &sk);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
