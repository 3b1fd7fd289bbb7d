/* Map key shared by hardirqs.bpf.c and hardirqs.lua (decoded by BTF). */
#ifndef HARDIRQS_H
#define HARDIRQS_H

struct irq_key {
	char name[32];
};
#endif
