/* Event shared by biosnoop.bpf.c and biosnoop.lua (decoded by BTF). */
#ifndef BIOSNOOP_H
#define BIOSNOOP_H
#define TASK_COMM_LEN 16

struct bio_event {
	__u64 ts_ns;		/* completion time */
	__u64 lat_ns;		/* issue to completion */
	__u64 sector;
	__u32 dev;		/* kernel dev_t: major << 20 | minor */
	__u32 bytes;
	__u32 pid;		/* the task that issued it */
	char rwbs[10];
	char comm[TASK_COMM_LEN];
};
#endif
