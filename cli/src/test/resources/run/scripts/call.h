/* One call of uprobe_target's bpfx_target_fn(int x), which returns x % 7. */
#ifndef CALL_H
#define CALL_H
struct call {
	__u32 pid;
	__s32 value;	/* the argument (uprobe) or the return value (uretprobe) */
	char comm[16];
};
#endif
