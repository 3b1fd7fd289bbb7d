// SPDX-License-Identifier: GPL-2.0
/* schedswitch: context switches by the command switched out, from the
 * sched_switch raw tracepoint (args: preempt, prev, next). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfx.h"

struct comm_key {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct comm_key);
	__type(value, __u64);
} switches SEC(".maps");

SEC("raw_tracepoint")
int on_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct comm_key k = {};
	BPF_CORE_READ_STR_INTO(&k.comm, prev, comm);
	bpfx_map_add(&switches, &k, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
