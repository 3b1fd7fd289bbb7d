/* Histogram key shared by cpudist.bpf.c and cpudist.lua (decoded by BTF). */
#ifndef CPUDIST_H
#define CPUDIST_H
#define MAX_BUCKET 36

/* id: the pid (-P) or thread id (-L) the histogram is for, else 0 */
struct hist_key {
	__u32 id;
	__u32 bucket;
};
#endif
