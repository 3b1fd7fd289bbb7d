/* Event shared by sigsnoop.bpf.c and sigsnoop.lua (decoded by BTF). */
#ifndef SIGSNOOP_H
#define SIGSNOOP_H
#define TASK_COMM_LEN 16

struct signal_event {
	__u32 pid;	/* sender (the current task) */
	__u32 tpid;	/* target */
	__s32 sig;
	__s32 result;	/* 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lose info */
	char comm[TASK_COMM_LEN];
};
#endif
