/* Event shared by statsnoop.bpf.c and statsnoop.lua (decoded by BTF). */
#ifndef STATSNOOP_H
#define STATSNOOP_H
#define TASK_COMM_LEN 16
#define NAME_MAX 255

struct stat_event {
	__u64 ts_ns;
	__u32 pid;
	__s32 ret;
	char comm[TASK_COMM_LEN];
	char path[NAME_MAX + 1];
};
#endif
