/* Event shared by threadsnoop.bpf.c and threadsnoop.lua (decoded by BTF). */
#ifndef THREADSNOOP_H
#define THREADSNOOP_H
#define TASK_COMM_LEN 16

struct thread_event {
	__u64 ts_ns;
	__u64 func;		/* the new thread's start routine */
	__u32 pid;
	char comm[TASK_COMM_LEN];
};
#endif
