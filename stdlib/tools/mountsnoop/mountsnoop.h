/* Event shared by mountsnoop.bpf.c and mountsnoop.lua (decoded by BTF). */
#ifndef MOUNTSNOOP_H
#define MOUNTSNOOP_H
#define TASK_COMM_LEN 16
#define PATH_LEN 64

enum mount_op { MOUNT, UMOUNT };

struct mount_event {
	__u64 flags;
	__u32 pid;
	__u32 tid;
	__u32 mnt_ns;
	__s32 ret;
	enum mount_op op;
	char comm[TASK_COMM_LEN];
	char src[PATH_LEN];	/* mount: device; umount: unused */
	char dest[PATH_LEN];	/* the mount point */
	char fs[16];
	char data[PATH_LEN];
};
#endif
