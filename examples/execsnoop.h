/* Event shared by execsnoop.bpf.c and execsnoop.lua. */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H
#define TASK_COMM_LEN 16
#define ARGSIZE 64
#define MAXARGS 6

struct exec_event {
	__u32 pid;
	__u32 ppid;
	__s32 ret;
	__u32 argc;		/* arguments captured in args (at most MAXARGS) */
	char comm[TASK_COMM_LEN];
	char args[MAXARGS][ARGSIZE];
};
#endif
