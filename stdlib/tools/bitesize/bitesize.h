/* Histogram key shared by bitesize.bpf.c and bitesize.lua (decoded by BTF). */
#ifndef BITESIZE_H
#define BITESIZE_H
#define TASK_COMM_LEN 16
#define MAX_BUCKET 20

/* the issuing command; bucket: log2 of the size in KiB */
struct hist_key {
	char comm[TASK_COMM_LEN];
	__u32 bucket;
};
#endif
