package io.bpfx.engine.bcc;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Capabilities;
import io.bpfx.engine.Link;
import io.bpfx.engine.PerfEvents;
import io.bpfx.engine.Tracefs;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches a loaded BCC program fd straight through the kernel, as libbpf
 * does for its own programs: a perf event (tracepoint, uprobe/kprobe PMU, or
 * sampling event) with the program attached by a BPF_PERF_EVENT link, or a
 * raw tracepoint fd. The returned {@link Link} closes every fd it made.
 */
public final class BccAttach {
    /** libbpf's low-level (fd based) calls this needs; libbpf 1.x returns -errno. */
    interface Syscalls extends Library {
        Syscalls INSTANCE = io.bpfx.engine.libbpf.Jna.load("bpf", Syscalls.class);

        int bpf_link_create(int progFd, int targetFd, int attachType, Pointer opts);
        int bpf_raw_tracepoint_open(String name, int progFd);
    }

    static final int BPF_PERF_EVENT = 41;
    static final int PERF_TYPE_TRACEPOINT = 2;
    static final long PERF_EVENT_IOC_SET_BPF = 0x40042408L;
    private static final int ATTR_SIZE = 128;
    private static final long FLAG_FREQ = 1L << 10;
    static final Path PMU_DIR = Path.of("/sys/bus/event_source/devices");

    private BccAttach() {}

    static Link attach(int progFd, String program, AttachTarget target) {
        Capabilities.requireBpf();
        if (target instanceof AttachTarget.Tracepoint t) {
            Tracefs.requireEvent(t.category(), t.name());
            Memory attr = attr(PERF_TYPE_TRACEPOINT, tracepointId(t));
            return perfLinks(progFd, program, target, List.of(new int[] {-1, 0}), cpu -> attr);
        }
        if (target instanceof AttachTarget.RawTracepoint t) {
            int fd = Syscalls.INSTANCE.bpf_raw_tracepoint_open(t.name(), progFd);
            if (fd < 0) throw error(program, target, -fd);
            return Link.external(program, target.describe(), 1, () -> LibC.INSTANCE.close(fd));
        }
        if (target instanceof AttachTarget.Uprobe u) {
            Memory path = io.bpfx.engine.libbpf.Jna.cString(u.binary().toString());
            Memory attr = probeAttr("uprobe", path, u.fileOffset(), u.retprobe(), target);
            int[] where = u.pid() > 0 ? new int[] {u.pid(), -1} : new int[] {-1, 0};
            try {
                return perfLinks(progFd, program, target, List.of(where), cpu -> attr);
            } finally {
                java.lang.ref.Reference.reachabilityFence(path); // read by perf_event_open (the kernel copies it)
            }
        }
        if (target instanceof AttachTarget.Kprobe k) {
            requireKprobes(k);
            Memory name = io.bpfx.engine.libbpf.Jna.cString(k.function());
            Memory attr = probeAttr("kprobe", name, 0, k.retprobe(), target);
            try {
                return perfLinks(progFd, program, target, List.of(new int[] {-1, 0}), cpu -> attr);
            } finally {
                java.lang.ref.Reference.reachabilityFence(name);
            }
        }
        if (target instanceof AttachTarget.PerfEvent p) {
            List<int[]> where = new ArrayList<>();
            if (p.pid() > 0) {
                where.add(new int[] {p.pid(), -1});
            } else {
                for (int cpu : p.cpus()) where.add(new int[] {-1, cpu});
            }
            return perfLinks(progFd, program, target, where, cpu -> {
                Memory attr = attr(p.type(), p.config());
                attr.setLong(16, p.frequency() > 0 ? p.frequency() : p.period());
                attr.setLong(40, p.frequency() > 0 ? FLAG_FREQ : 0);
                return attr;
            });
        }
        if (target instanceof AttachTarget.Usdt) throw usdtUnsupported(program, target);
        throw new BpfxException.BadInput("cannot attach BCC function " + program + " to " + target.describe());
    }

    static BpfxException usdtUnsupported(String program, AttachTarget target) {
        return new BpfxException.Unsupported("cannot attach " + program + " to " + target.describe()
                + ": USDT probes are not supported for BCC C in bpfx (BCC generates their argument readers "
                + "in Python); use a *.bpf.c program with SEC(\"usdt\") for USDT");
    }

    /** One perf event per (pid, cpu), each with the program linked to it; all or nothing. */
    private static Link perfLinks(int progFd, String program, AttachTarget target, List<int[]> where,
                                  java.util.function.IntFunction<Memory> attrFor) {
        List<Integer> fds = new ArrayList<>();
        try {
            for (int[] pc : where) {
                Memory attr = attrFor.apply(pc[1]);
                int pfd = (int) LibC.INSTANCE.syscall(LibC.SYS_perf_event_open, attr, pc[0], pc[1], -1,
                        (long) LibC.PERF_FLAG_FD_CLOEXEC);
                if (pfd < 0) throw error(program, target, Errno.last());
                fds.add(pfd);
                int link = Syscalls.INSTANCE.bpf_link_create(progFd, pfd, BPF_PERF_EVENT, null);
                if (link >= 0) {
                    fds.add(link);
                } else if (LibC.INSTANCE.ioctl(pfd, PERF_EVENT_IOC_SET_BPF, progFd) != 0) {
                    // kernels before 5.15 have no perf_event links: attach the old way
                    throw error(program, target, -link);
                }
                if (LibC.INSTANCE.ioctl(pfd, LibC.PERF_EVENT_IOC_ENABLE, 0) != 0) {
                    throw error(program, target, Errno.last());
                }
            }
        } catch (RuntimeException e) {
            closeAll(fds);
            throw e;
        }
        return Link.external(program, target.describe(), where.size(), () -> closeAll(fds));
    }

    private static void closeAll(List<Integer> fds) {
        for (int i = fds.size() - 1; i >= 0; i--) LibC.INSTANCE.close(fds.get(i)); // links before their events
    }

    private static Memory attr(int type, long config) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, type);
        attr.setInt(4, ATTR_SIZE);
        attr.setLong(8, config);
        attr.setLong(16, 1);  // sample_period: every hit
        attr.setInt(48, 1);   // wakeup_events
        return attr;
    }

    /** perf_event_attr for the uprobe/kprobe PMU: config1 = path or function, config2 = offset. */
    private static Memory probeAttr(String pmu, Memory name, long offset, boolean retprobe, AttachTarget target) {
        int type = pmuType(pmu).orElseThrow(() -> new BpfxException.Unsupported("cannot attach " + target.describe()
                + ": this kernel has no " + pmu + " PMU (" + PMU_DIR.resolve(pmu).resolve("type") + ")"));
        long config = 0;
        if (retprobe) {
            int bit = retprobeBit(pmu);
            if (bit < 0) {
                throw new BpfxException.Unsupported("cannot attach " + target.describe() + ": the " + pmu
                        + " PMU has no retprobe format bit");
            }
            config = 1L << bit;
        }
        Memory attr = attr(type, config);
        attr.setLong(56, Pointer.nativeValue(name)); // config1
        attr.setLong(64, offset);                    // config2
        return attr;
    }

    static java.util.Optional<Integer> pmuType(String pmu) {
        try {
            return java.util.Optional.of(Integer.parseInt(Files.readString(PMU_DIR.resolve(pmu).resolve("type")).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static int retprobeBit(String pmu) {
        try {
            String s = Files.readString(PMU_DIR.resolve(pmu).resolve("format/retprobe")).strip(); // "config:0"
            return s.startsWith("config:") ? Integer.parseInt(s.substring(7)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Kprobes need the kprobe PMU (or kprobe_events in tracefs, which this path does not use). */
    static void requireKprobes(AttachTarget.Kprobe k) {
        requireKprobes(k.describe());
    }

    /** Fails with one line when this kernel has no kprobes; {@code what} names the probe. */
    public static void requireKprobes(String what) {
        if (pmuType("kprobe").isEmpty()) {
            throw new BpfxException.Unsupported("cannot attach " + what
                    + ": this kernel has no kprobes (CONFIG_KPROBES is off: no " + PMU_DIR.resolve("kprobe/type")
                    + "); use a tracepoint or raw_tracepoint instead");
        }
    }

    private static long tracepointId(AttachTarget.Tracepoint t) {
        Path id = Tracefs.root().resolve("events").resolve(t.category()).resolve(t.name()).resolve("id");
        try {
            return Long.parseLong(Files.readString(id).strip());
        } catch (IOException | NumberFormatException e) {
            throw new BpfxException.NotFound("tracepoint " + t.category() + ":" + t.name() + ": cannot read " + id
                    + " (" + e.getMessage() + ")");
        }
    }

    private static BpfxException error(String program, AttachTarget target, int errno) {
        String what = "cannot attach " + program + " to " + target.describe();
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                Capabilities.requireBpf();
                return new BpfxException(what + ": permission denied by the kernel (" + Errno.describe(errno) + ")");
            case Errno.ENOENT:
                if (target instanceof AttachTarget.PerfEvent p && p.type() == PerfEvents.TYPE_HARDWARE) {
                    return new BpfxException.Unsupported(what + ": hardware event '" + p.eventName()
                            + "' is not available here (no PMU, e.g. in a VM); use cpu-clock");
                }
                return new BpfxException.NotFound(what + ": not found (" + Errno.describe(errno) + ")");
            case Errno.ESRCH:
                return new BpfxException.NotFound(what + ": no such process");
            case Errno.EOPNOTSUPP:
            case Errno.ENOTSUPP:
            case Errno.ENODEV:
                return new BpfxException.Unsupported(what + ": not supported by this kernel (" + Errno.describe(errno) + ")");
            case Errno.EINVAL:
                return new BpfxException.BadInput(what + ": the kernel refused it as invalid (" + Errno.describe(errno)
                        + "); does the function's use match the attach kind?");
            default:
                return new BpfxException(what + ": " + Errno.describe(errno));
        }
    }
}
