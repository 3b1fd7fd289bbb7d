// SPDX-License-Identifier: GPL-2.0
/* Whole-map reads through a BPF iterator: the kernel walks the map and this
 * program writes each key and value into the iterator's seq_file, which the
 * engine read()s in large chunks. For hash maps that is several times faster
 * than BPF_MAP_LOOKUP_BATCH, which copies to user space once per bucket.
 * The sizes are const volatile: set before load, the verifier sees them as
 * constants; the kernel checks them against the map when the iterator is
 * attached. Shipped inside the engine jar. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 key_size = 4;
const volatile __u32 value_size = 8;	/* all CPUs' slots for per-CPU maps */

SEC("iter/bpf_map_elem")
int bpfx_dump_map(struct bpf_iter__bpf_map_elem *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	void *key = ctx->key, *value = ctx->value;

	if (!key || !value)
		return 0;
	bpf_seq_write(seq, key, key_size);
	bpf_seq_write(seq, value, value_size);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
