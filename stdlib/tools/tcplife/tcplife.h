/* Event shared by tcplife.bpf.c and tcplife.lua (decoded by BTF). */
#ifndef TCPLIFE_H
#define TCPLIFE_H
#define TASK_COMM_LEN 16

struct tcplife_event {
	__u64 span_us;
	__u64 rx_b;
	__u64 tx_b;
	__u32 pid;
	__u16 family;
	__u16 sport;
	__u16 dport;
	__u16 pad;
	__u8 saddr[16];
	__u8 daddr[16];
	char comm[TASK_COMM_LEN];
};
#endif
