// SPDX-License-Identifier: GPL-2.0
/* bashreadline: command lines bash read, from a uretprobe on readline(),
 * like BCC's bashreadline. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpfx.h"
#include "bashreadline.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

BPFX_EVENT_TYPE(events, line_event);

SEC("uretprobe")
int BPF_KRETPROBE(on_readline, const char *line)
{
	if (!line)
		return 0;
	struct line_event *e = bpfx_ringbuf_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(e->line, sizeof(e->line), line);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
