/* bpfx.h — BPF-side helpers shared by every bpfx program.
 *
 * Include after vmlinux.h and <bpf/bpf_helpers.h>. Everything here is
 * header-only so a program needs no extra object at link time. */
#ifndef __BPFX_H__
#define __BPFX_H__

#include <bpf/bpf_helpers.h>

/* Mark the struct carried by a ring buffer / perf event array so that the
 * engine can decode records by BTF. clang drops types only used by locals,
 * so a typed global pointer keeps the type in BTF:
 *     BPFX_EVENT_TYPE(events, event);   -> `struct event` for map `events` */
#define BPFX_EVENT_TYPE(map, type) \
	const volatile struct type *__bpfx_event_##map __attribute__((unused))

/* Ring buffer drops: bpf_ringbuf_reserve() fails when the consumer falls
 * behind; the kernel does not count that for us, so bpfx does, per CPU, in
 * this map. The engine reads it and reports the sum as lost records. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bpfx_ringbuf_drops SEC(".maps");

static __always_inline void bpfx_count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&bpfx_ringbuf_drops, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* bpf_ringbuf_reserve() that counts failures in bpfx_ringbuf_drops. */
static __always_inline void *bpfx_ringbuf_reserve(void *rb, __u64 size)
{
	void *p = bpf_ringbuf_reserve(rb, size, 0);
	if (!p)
		bpfx_count_drop();
	return p;
}

/* bpf_ringbuf_output() that counts failures. */
static __always_inline long bpfx_ringbuf_output(void *rb, void *data, __u64 size)
{
	long err = bpf_ringbuf_output(rb, data, size, 0);
	if (err)
		bpfx_count_drop();
	return err;
}

/* floor(log2(v)), 0 for v == 0; no loops so the verifier is happy. */
static __always_inline __u32 bpfx_log2(__u64 v)
{
	__u32 r = 0, shift;
	shift = (v > 0xFFFFFFFFULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xFFFF) << 4; v >>= shift; r |= shift;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

/* Add `inc` to the u64 value at `key`, creating it when absent. */
static __always_inline void bpfx_map_add(void *map, const void *key, __u64 inc)
{
	__u64 *v = bpf_map_lookup_elem(map, key);
	if (v) {
		__sync_fetch_and_add(v, inc);
		return;
	}
	__u64 init = inc;
	if (bpf_map_update_elem(map, key, &init, BPF_NOEXIST)) {
		/* lost a race with another CPU creating it: add to theirs */
		v = bpf_map_lookup_elem(map, key);
		if (v)
			__sync_fetch_and_add(v, inc);
	}
}

/* Counts one value into its bucket (clamped to max_bucket) and adds it to
 * the sum key max_bucket + 1; the per-type macros below only choose the
 * bucket, from __v (the value). */
#define __bpfx_hist_add(map, key, value, bucket_expr, max_bucket)          \
	({                                                                \
		__u64 __v = (value);                                      \
		__u64 __b = (bucket_expr);                                \
		if (__b > (max_bucket))                                   \
			__b = (max_bucket);                               \
		(key).bucket = __b;                                       \
		bpfx_map_add(&(map), &(key), 1);                          \
		(key).bucket = (max_bucket) + 1;                          \
		bpfx_map_add(&(map), &(key), __v);                        \
	})

/* Histograms, laid out as ebpf_exporter does so bpfx and ebpf_exporter
 * configs read them alike: the key (a struct whose `bucket` member is
 * set here, or a plain integer) holds the bucket index; bucket
 * `max_bucket` collects everything larger (clamped, never dropped), and
 * key `max_bucket + 1` holds the sum of all observed values.
 *
 * exp2: bucket = floor(log2(v)) (v = 0 lands in bucket 0). */
#define bpfx_hist_exp2(map, key, value, max_bucket) \
	__bpfx_hist_add(map, key, value, bpfx_log2(__v), max_bucket)

/* exp2zero: bucket 0 only for v == 0, else floor(log2(v)) + 1. */
#define bpfx_hist_exp2zero(map, key, value, max_bucket) \
	__bpfx_hist_add(map, key, value, (__v ? bpfx_log2(__v) + 1 : 0), max_bucket)

/* linear: bucket = v / step, clamped. */
#define bpfx_hist_linear(map, key, value, step, max_bucket) \
	__bpfx_hist_add(map, key, value, __v / (step), max_bucket)

/* The key of a histogram without labels: declare the map with
 * __type(key, struct bpfx_hist_key) and bpfx prints it as a histogram. */
struct bpfx_hist_key {
	__u32 bucket;
};

/* exp2 into a map keyed by struct bpfx_hist_key (no labels). */
#define bpfx_hist_exp2_scalar(map, value, max_bucket)                     \
	({                                                                \
		struct bpfx_hist_key __k = {};                            \
		bpfx_hist_exp2(map, __k, value, max_bucket);              \
	})

#endif /* __BPFX_H__ */
