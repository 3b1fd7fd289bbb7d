/* Event shared by naptime.bpf.c and naptime.lua (decoded by BTF). */
#ifndef NAPTIME_H
#define NAPTIME_H
#define TASK_COMM_LEN 16

struct nap_event {
	__s64 sec;
	__s64 nsec;
	__u32 pid;
	__u32 ppid;
	char comm[TASK_COMM_LEN];
	char pcomm[TASK_COMM_LEN];
};
#endif
