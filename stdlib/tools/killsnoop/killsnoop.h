/* Event shared by killsnoop.bpf.c and killsnoop.lua (decoded by BTF). */
#ifndef KILLSNOOP_H
#define KILLSNOOP_H
#define TASK_COMM_LEN 16

struct kill_event {
	__u32 pid;	/* sender */
	__s32 tpid;	/* target */
	__s32 sig;
	__s32 ret;
	char comm[TASK_COMM_LEN];
};
#endif
