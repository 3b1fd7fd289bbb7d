/* Map value shared by syscount.bpf.c and syscount.lua (decoded by BTF). */
#ifndef SYSCOUNT_H
#define SYSCOUNT_H
#define TASK_COMM_LEN 16

/* per syscall number, or per process with by_process */
struct syscall_stat {
	__u64 count;
	__u64 total_ns;		/* with latency: time spent in the calls */
	char comm[TASK_COMM_LEN];
};
#endif
