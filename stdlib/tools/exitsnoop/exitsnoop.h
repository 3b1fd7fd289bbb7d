/* Event shared by exitsnoop.bpf.c and exitsnoop.lua (decoded by BTF). */
#ifndef EXITSNOOP_H
#define EXITSNOOP_H
#define TASK_COMM_LEN 16

struct exit_event {
	__u64 start_ns;		/* task start, boot-based */
	__u64 exit_ns;		/* bpf_ktime_get_boot_ns() at exit */
	__u32 pid;
	__u32 tid;
	__u32 ppid;
	__s32 exit_code;	/* exit status (code >> 8) */
	__u32 sig;		/* terminating signal, 0 if none */
	__u32 core_dumped;
	char comm[TASK_COMM_LEN];
};
#endif
