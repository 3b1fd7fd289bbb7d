package io.bpfx.engine;

/** bpftool's names of {@code enum bpf_prog_type} and {@code enum bpf_link_type}, by kernel number. */
public final class ProgTypes {
    private static final String[] PROGS = {"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
        "tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit",
        "sock_ops", "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local",
        "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable",
        "cgroup_sockopt", "tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter"};
    private static final String[] LINKS = {"unspec", "raw_tracepoint", "tracing", "cgroup", "iter", "netns",
        "xdp", "perf_event", "kprobe_multi", "struct_ops", "netfilter", "tcx", "uprobe_multi", "netkit",
        "sockmap"};

    private ProgTypes() {
    }

    /** "tracepoint" for 5; "type 99" for a type this table does not know yet. */
    public static String name(int progType) {
        return progType >= 0 && progType < PROGS.length ? PROGS[progType] : "type " + progType;
    }

    public static String linkName(int linkType) {
        return linkType >= 0 && linkType < LINKS.length ? LINKS[linkType] : "type " + linkType;
    }
}
