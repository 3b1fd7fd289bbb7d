/* Event shared by opensnoop.bpf.c and opensnoop.lua (decoded by BTF). */
#ifndef OPENSNOOP_H
#define OPENSNOOP_H
#define TASK_COMM_LEN 16
#define NAME_MAX 255

struct open_event {
	__u64 ts_ns;	/* bpf_ktime_get_ns() at return */
	__u32 pid;
	__u32 uid;
	__s32 ret;	/* fd, or -errno */
	__s32 flags;
	char comm[TASK_COMM_LEN];
	char fname[NAME_MAX + 1];
};
#endif
