/* Event shared by gethostlatency.bpf.c and gethostlatency.lua (decoded by BTF). */
#ifndef GETHOSTLATENCY_H
#define GETHOSTLATENCY_H
#define TASK_COMM_LEN 16
#define HOST_LEN 80

struct host_event {
	__u64 start_ns;
	__u64 lat_ns;
	__u32 pid;
	char comm[TASK_COMM_LEN];
	char host[HOST_LEN];
};
#endif
