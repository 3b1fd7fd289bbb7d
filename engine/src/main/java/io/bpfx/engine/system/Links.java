package io.bpfx.engine.system;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.ProgTypes;
import io.bpfx.engine.libbpf.LibBpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where programs are attached, as the kernel's links say ({@code struct bpf_link_info}):
 * "tracepoint syscalls:sys_enter_openat", "uprobe /usr/lib/libc.so.6+0x1234",
 * "raw_tracepoint sched_switch", "iter task". Programs attached the legacy way (a perf
 * event ioctl, BCC) have no link and show no attach point, as in {@code bpftool}.
 */
final class Links {
    private static final LibBpf LIB = LibBpf.INSTANCE;
    static final int INFO_SIZE = 96, NAME_MAX = 4096;
    // enum bpf_link_type
    static final int RAW_TRACEPOINT = 1, TRACING = 2, ITER = 4, XDP = 6, PERF_EVENT = 7;
    // enum bpf_perf_event_type
    static final String[] PERF_TYPES = {"perf_event", "uprobe", "uretprobe", "kprobe", "kretprobe", "tracepoint", "event"};

    private Links() {
    }

    /** Attach points by program id. */
    static Map<Long, List<String>> byProgram() {
        Map<Long, List<String>> out = new TreeMap<>();
        for (Map.Entry<Long, String> link : BpfSystem.walk(LIB::bpf_link_get_next_id, LIB::bpf_link_get_fd_by_id,
                Links::info)) {
            out.computeIfAbsent(link.getKey(), k -> new ArrayList<>()).add(link.getValue());
        }
        return out;
    }

    /** The link's program id and attach point. */
    private static Optional<Map.Entry<Long, String>> info(int fd) {
        Memory info = new Memory(INFO_SIZE);
        info.clear();
        if (LIB.bpf_obj_get_info_by_fd(fd, info, new IntByReference(INFO_SIZE)) != 0) {
            return Optional.empty();
        }
        long prog = Integer.toUnsignedLong(info.getInt(8));
        return Optional.of(Map.entry(prog, describe(fd, info)));
    }

    /** Second call with a name buffer where the link type has a name. */
    private static String describe(int fd, Memory info) {
        int type = info.getInt(0);
        switch (type) {
            case RAW_TRACEPOINT:
                return "raw_tracepoint " + name(fd, 16, 24, info);
            case ITER:
                return "iter " + name(fd, 16, 24, info);
            case TRACING:
                return "tracing btf_id " + Integer.toUnsignedLong(info.getInt(24));
            case XDP:
                return "xdp ifindex " + info.getInt(16);
            case PERF_EVENT: {
                int perfType = info.getInt(16);
                String kind = perfType >= 0 && perfType < PERF_TYPES.length ? PERF_TYPES[perfType] : "perf_event";
                if (perfType >= 1 && perfType <= 5) {
                    String name = name(fd, 24, 32, info);
                    if (perfType <= 4) {
                        int off = info.getInt(36); // uprobe/kprobe offset, filled by the same call
                        return kind + " " + name + (off != 0 ? "+0x" + Integer.toHexString(off) : "");
                    }
                    return kind + " " + name.replaceFirst("^([^/:]+)[/:]", "$1:");
                }
                return kind;
            }
            default:
                return ProgTypes.linkName(type);
        }
    }

    /** The string the kernel copies to the buffer at pointer offset {@code ptr}, length at {@code len}. */
    private static String name(int fd, int ptr, int len, Memory info) {
        Memory buf = new Memory(NAME_MAX);
        buf.clear();
        info.clear();
        info.setPointer(ptr, buf);
        info.setInt(len, NAME_MAX);
        if (LIB.bpf_obj_get_info_by_fd(fd, info, new IntByReference(INFO_SIZE)) != 0) {
            return "?";
        }
        return buf.getString(0);
    }
}
