/* Event struct shared by events_test.bpf.c and the Java tests. */
#ifndef EVENTS_H
#define EVENTS_H
#define TASK_COMM_LEN 16
#define NAME_LEN 128
struct event {
	__u32 pid;
	__u32 tid;
	__u64 ts;
	char comm[TASK_COMM_LEN];
	char filename[NAME_LEN];
	__s32 flags;
};
#endif
