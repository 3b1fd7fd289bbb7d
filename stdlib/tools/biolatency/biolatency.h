/* Histogram key shared by biolatency.bpf.c and biolatency.lua (decoded by BTF). */
#ifndef BIOLATENCY_H
#define BIOLATENCY_H
#define MAX_BUCKET 36

/* dev: the disk (kernel dev_t: major << 20 | minor) with -D, else 0 */
struct hist_key {
	__u32 dev;
	__u32 bucket;
};
#endif
