package io.bpfx.engine.libbpf;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The section handlers ebpf_exporter registers with libbpf ({@code libbpf_register_prog_handler},
 * libbpf 1.1): {@code SEC("xdp/IFACE")} (an XDP program attached to that interface) and
 * {@code SEC("perf_event/type=..,config=..,frequency=..")} (a perf_event program sampling
 * that event on every CPU). Without them libbpf cannot tell these programs' types and
 * refuses to open the object. Registered once per process before any object is opened;
 * the callbacks are held in static fields so the JVM never frees code libbpf may call.
 */
public final class ProgHandlers {
    /** libbpf_prog_attach_fn_t: int (*)(const struct bpf_program *prog, long cookie, struct bpf_link **link). */
    public interface AttachFn extends Callback {
        int invoke(Pointer prog, long cookie, PointerByReference link);
    }

    public static final String XDP = "xdp/", PERF_EVENT = "perf_event/";
    static final int BPF_PROG_TYPE_XDP = 6, BPF_PROG_TYPE_PERF_EVENT = 7;
    static final int BPF_XDP = 37, BPF_PERF_EVENT = 41;
    /** struct libbpf_prog_handler_opts { size_t sz; long cookie; setup_fn; prepare_load_fn; attach_fn; } */
    private static final int OPTS_SIZE = 40;

    /** XDP: the interface is the section's suffix; libbpf attaches through this when asked to auto-attach. */
    private static final AttachFn XDP_ATTACH = (prog, cookie, link) -> {
        String section = LibBpf.INSTANCE.bpf_program__section_name(prog);
        int ifindex = LibC.INSTANCE.if_nametoindex(section.substring(XDP.length()));
        if (ifindex == 0) {
            return -Errno.ENODEV;
        }
        Pointer l = LibBpf.INSTANCE.bpf_program__attach_xdp(prog, ifindex);
        if (l == null) {
            int err = Native.getLastError();
            return -(err != 0 ? err : Errno.EINVAL);
        }
        link.setValue(l);
        return 0;
    };

    private static final Memory XDP_OPTS = opts(XDP_ATTACH);
    /** perf_event programs are attached by the engine, one link per CPU, which one attach_fn link cannot be. */
    private static final Memory PERF_OPTS = opts(null);
    private static String problem;
    private static boolean registered;

    private ProgHandlers() {
    }

    private static Memory opts(AttachFn attach) {
        Memory m = new Memory(OPTS_SIZE);
        m.clear();
        m.setLong(0, OPTS_SIZE);
        m.setPointer(32, attach == null ? null : com.sun.jna.CallbackReference.getFunctionPointer(attach));
        return m;
    }

    /** Registers both handlers (once). A failure is kept for {@link #problem()}, not thrown: other sections still work. */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        int xdp = LibBpf.INSTANCE.libbpf_register_prog_handler(XDP, BPF_PROG_TYPE_XDP, BPF_XDP, XDP_OPTS);
        int perf = LibBpf.INSTANCE.libbpf_register_prog_handler(PERF_EVENT, BPF_PROG_TYPE_PERF_EVENT, BPF_PERF_EVENT, PERF_OPTS);
        if (xdp < 0 || perf < 0) {
            problem = "libbpf_register_prog_handler failed (" + Errno.describe(-Math.min(xdp, perf)) + ")";
        }
    }

    /** Why the handlers are missing, or null. */
    public static synchronized String problem() {
        return problem;
    }

    /** The interface index of {@code SEC("xdp/IFACE")}, or 0 when there is no such interface. */
    public static int ifindex(String section) {
        return LibC.INSTANCE.if_nametoindex(section.substring(XDP.length()));
    }
}
