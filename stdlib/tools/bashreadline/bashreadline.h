/* Event shared by bashreadline.bpf.c and bashreadline.lua (decoded by BTF). */
#ifndef BASHREADLINE_H
#define BASHREADLINE_H
#define MAX_LINE 80

struct line_event {
	__u32 pid;
	char line[MAX_LINE];
};
#endif
