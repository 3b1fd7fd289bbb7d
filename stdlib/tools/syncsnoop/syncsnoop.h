/* Event shared by syncsnoop.bpf.c and syncsnoop.lua (decoded by BTF). */
#ifndef SYNCSNOOP_H
#define SYNCSNOOP_H
#define TASK_COMM_LEN 16

enum sync_call { SYNC_SYNC, SYNC_SYNCFS, SYNC_FSYNC, SYNC_FDATASYNC, SYNC_SYNC_FILE_RANGE, SYNC_MSYNC };

struct sync_event {
	__u32 pid;
	enum sync_call call;
	char comm[TASK_COMM_LEN];
};
#endif
