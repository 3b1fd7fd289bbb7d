/* Histogram key shared by runqlat.bpf.c and runqlat.lua (decoded by BTF). */
#ifndef RUNQLAT_H
#define RUNQLAT_H
#define MAX_BUCKET 36

/* id: the pid (-P) or thread id (-L) the histogram is for, else 0; bpfx.h's histogram layout */
struct hist_key {
	__u32 id;
	__u32 bucket;
};
#endif
