/* Event shared by tcpstates.bpf.c and tcpstates.lua (decoded by BTF). */
#ifndef TCPSTATES_H
#define TCPSTATES_H
#define TASK_COMM_LEN 16

struct tcpstate_event {
	__u64 skaddr;
	__u64 delta_us;		/* time in the old state */
	__u32 pid;
	__u16 family;
	__u16 sport;
	__u16 dport;
	__u16 pad;
	__s32 oldstate;
	__s32 newstate;
	__u8 saddr[16];		/* IPv4: the first 4 bytes */
	__u8 daddr[16];
	char comm[TASK_COMM_LEN];
};
#endif
