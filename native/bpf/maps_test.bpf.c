// SPDX-License-Identifier: GPL-2.0
/* Engine tests: map types and BTF shapes that the decoder must handle. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

enum color { RED = 1, GREEN = 2, BLUE = 4 };

struct inner {
	__u16 port;
	__s8 small;
};

struct big_key {
	__u32 id;
	__u64 cookie;
	char name[8];
};

struct big_value {
	__u64 count;
	__s32 delta;
	__u8 bytes[4];
	enum color color;
	struct inner in;
	__s64 neg;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 100000);
	__type(key, struct big_key);
	__type(value, struct big_value);
} big SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 100000);
	__type(key, __u32);
	__type(value, __u64);
} plain SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_arr SEC(".maps");

const volatile __u64 magic = 0;
const volatile char label[8] = {};

/* a program so the object has one; writes magic into arr[0] when run */
SEC("raw_tracepoint/sys_enter")
int touch(void *ctx)
{
	__u32 k = 0;
	__u64 v = magic;
	if (label[0])
		bpf_map_update_elem(&arr, &k, &v, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
