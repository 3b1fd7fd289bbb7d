/* Event shared by oomkill.bpf.c and oomkill.lua (decoded by BTF). */
#ifndef OOMKILL_H
#define OOMKILL_H
#define TASK_COMM_LEN 16

struct oom_event {
	__u64 pages;		/* the victim's total_vm */
	__u32 fpid;		/* the task whose allocation triggered the kill */
	__u32 tpid;		/* the victim */
	char fcomm[TASK_COMM_LEN];
	char tcomm[TASK_COMM_LEN];
};
#endif
