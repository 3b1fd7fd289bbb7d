// SPDX-License-Identifier: GPL-2.0
/* Does not compile: clang names line 9. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_openat")
int broken(void *ctx)
{
	return undeclared_thing + 1;
}

char LICENSE[] SEC("license") = "GPL";
