package io.bpfx.engine.system;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.BpfStats;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocation;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel probes behind {@link Features}: each loads a two-instruction program
 * ({@code r0 = 0; exit}) of the type in question and attaches it where attaching is
 * what can fail (fentry loads on kernels that cannot attach it), or opens the PMU /
 * creates the map. Every fd is closed before the probe returns.
 */
final class FeatureProbes {
    private static final LibBpf LIB = LibBpf.INSTANCE;
    private static final LibC C = LibC.INSTANCE;

    // enum bpf_prog_type, enum bpf_attach_type, enum bpf_map_type, BTF kinds
    static final int PROG_KPROBE = 2, PROG_TRACEPOINT = 5, PROG_PERF_EVENT = 7, PROG_TRACING = 26;
    static final int TRACE_RAW_TP = 23, TRACE_FENTRY = 24, TRACE_ITER = 28, PERF_EVENT = 41;
    static final int MAP_HASH = 1, MAP_RINGBUF = 27;
    static final int BTF_KIND_TYPEDEF = 8, BTF_KIND_FUNC = 12;
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    static final Path PMUS = Path.of("/sys/bus/event_source/devices");
    static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

    private FeatureProbes() {
    }

    // ---- tiny programs ------------------------------------------------------

    /** Loads {@code r0 = 0; exit}; returns the fd or -errno. */
    static int load(int progType, int expectedAttachType, int attachBtfId) {
        Memory insns = new Memory(16);
        insns.clear();
        insns.setByte(0, (byte) 0xb7); // BPF_ALU64 | BPF_MOV | BPF_K: r0 = 0
        insns.setByte(8, (byte) 0x95); // BPF_JMP | BPF_EXIT
        Memory opts = new Memory(104);  // struct bpf_prog_load_opts of libbpf 1.1
        opts.clear();
        opts.setLong(0, 104);
        opts.setInt(12, expectedAttachType);
        opts.setInt(32, attachBtfId);
        int fd = LIB.bpf_prog_load(progType, "bpfx_probe", "GPL", insns, 2, opts);
        return fd; // libbpf 1.x: -errno on failure
    }

    static void close(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                C.close(fd);
            }
        }
    }

    /** Id of a vmlinux BTF type, or -1. */
    static int vmlinuxType(String name, int kind) {
        Pointer btf = LIB.btf__load_vmlinux_btf();
        if (btf == null) {
            return -1;
        }
        try {
            int id = LIB.btf__find_by_name_kind(btf, name, kind);
            return id > 0 ? id : -1;
        } finally {
            LIB.btf__free(btf);
        }
    }

    static int perfEventOpen(int type, long config, String config1, long config2, int pid, int cpu) {
        Memory attr = new Memory(128);
        attr.clear();
        attr.setInt(0, type);
        attr.setInt(4, 128);
        attr.setLong(8, config);
        attr.setLong(16, 1);
        Memory str = null;
        if (config1 != null) {
            str = new Memory(config1.length() + 1L);
            str.setString(0, config1);
            attr.setPointer(56, str);
            attr.setLong(64, config2);
        }
        int fd = (int) C.syscall(LibC.SYS_perf_event_open, attr, pid, cpu, -1, (long) LibC.PERF_FLAG_FD_CLOEXEC);
        int err = Errno.last();
        if (str != null) {
            str.clear(); // keep it reachable until the call returned
        }
        return fd >= 0 ? fd : -err;
    }

    static String errno(int negErr) {
        return Errno.describe(-negErr);
    }

    // ---- probes ---------------------------------------------------------------

    static Feature btf() {
        if (!Files.isReadable(VMLINUX)) {
            return Feature.no("btf", "no " + VMLINUX, "a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        }
        Pointer btf = LIB.btf__load_vmlinux_btf();
        if (btf == null) {
            return Feature.no("btf", "libbpf cannot parse " + VMLINUX + ": " + Errno.describe(Errno.last()),
                    "a libbpf as new as the kernel");
        }
        LIB.btf__free(btf);
        return Feature.yes("btf", VMLINUX + " (" + size(VMLINUX) / 1024 + " KiB)");
    }

    static Path tracefsRoot() {
        for (Path p : TRACEFS) {
            if (Files.isDirectory(p.resolve("events"))) {
                return p;
            }
        }
        return null;
    }

    static Feature tracefs() {
        Path root = tracefsRoot();
        if (root == null) {
            return Feature.no("tracefs", "not mounted (no " + TRACEFS.get(0) + "/events)",
                    "mount -t tracefs nodev /sys/kernel/tracing (bpfx run does it itself as root)");
        }
        return Feature.yes("tracefs", "mounted at " + root);
    }

    static Feature tracepoints() {
        Path root = tracefsRoot();
        if (root == null) {
            return Feature.no("tracepoints", "tracefs is not mounted: tracepoint ids are read there",
                    "mount -t tracefs nodev /sys/kernel/tracing");
        }
        long id;
        try {
            id = Long.parseLong(Files.readString(root.resolve("events/syscalls/sys_enter_getppid/id")).trim());
        } catch (IOException | NumberFormatException e) {
            return Feature.no("tracepoints", "no syscalls:sys_enter_getppid in " + root + "/events",
                    "a kernel with CONFIG_FTRACE_SYSCALLS=y");
        }
        int pfd = perfEventOpen(2 /* PERF_TYPE_TRACEPOINT */, id, null, 0, -1, 0);
        if (pfd < 0) {
            return Feature.no("tracepoints", "perf_event_open(tracepoint): " + errno(pfd), "run as root");
        }
        return attachByLink("tracepoints", PROG_TRACEPOINT, 0, pfd, "syscalls:sys_enter_getppid", "run as root");
    }

    /** Loads a program of {@code progType} and links it to perf event {@code pfd} (closed here). */
    private static Feature attachByLink(String name, int progType, int expected, int pfd, String what, String fix) {
        int prog = load(progType, expected, 0);
        if (prog < 0) {
            close(pfd);
            return Feature.no(name, "loading a program failed: " + errno(prog), fix);
        }
        int link = LIB.bpf_link_create(prog, pfd, PERF_EVENT, null);
        close(link, prog, pfd);
        if (link < 0) {
            return Feature.no(name, "attaching to " + what + " failed: " + errno(link), fix);
        }
        return Feature.yes(name, "attached to " + what);
    }

    static Feature kprobes() {
        Path type = PMUS.resolve("kprobe/type");
        if (!Files.exists(type)) {
            Path root = tracefsRoot();
            boolean events = root != null && Files.exists(root.resolve("kprobe_events"));
            return Feature.no("kprobes", "no kprobe PMU (" + type + ")" + (events ? "" : " and no kprobe_events")
                            + ": kernel built without CONFIG_KPROBES",
                    "use tracepoints, tp_btf or fentry; or a kernel with CONFIG_KPROBES=y");
        }
        int pfd;
        try {
            pfd = perfEventOpen(Integer.parseInt(Files.readString(type).trim()), 0, "do_sys_openat2", 0, -1, 0);
        } catch (IOException | NumberFormatException e) {
            return Feature.no("kprobes", "cannot read " + type, "run as root");
        }
        if (pfd < 0) {
            return Feature.no("kprobes", "perf_event_open(kprobe do_sys_openat2): " + errno(pfd), "run as root");
        }
        return attachByLink("kprobes", PROG_KPROBE, 0, pfd, "kprobe do_sys_openat2", "run as root");
    }

    /** A tracing program on vmlinux BTF type {@code target}, attached with raw_tracepoint_open. */
    private static Feature tracing(String name, int expected, String target, int kind, String fix) {
        int btfId = vmlinuxType(target, kind);
        if (btfId < 0) {
            return Feature.no(name, "no " + target + " in the kernel's BTF", fix);
        }
        int prog = load(PROG_TRACING, expected, btfId);
        if (prog < 0) {
            return Feature.no(name, "loading a program for " + target + " failed: " + errno(prog), fix);
        }
        int link = LIB.bpf_raw_tracepoint_open(null, prog);
        close(link, prog);
        if (link < 0) {
            return Feature.no(name, "attaching to " + target + " failed: " + errno(link), fix);
        }
        return Feature.yes(name, "attached to " + target);
    }

    static Feature fentry() {
        String fix = "use tracepoints or tp_btf (fentry needs ftrace direct calls, "
                + "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, and no lockdown)";
        for (String fn : List.of("do_nanosleep", "do_sys_openat2", "vfs_read")) {
            if (vmlinuxType(fn, BTF_KIND_FUNC) > 0) {
                return tracing("fentry", TRACE_FENTRY, fn, BTF_KIND_FUNC, fix);
            }
        }
        return Feature.no("fentry", "none of do_nanosleep, do_sys_openat2, vfs_read in the kernel's BTF", fix);
    }

    static Feature tpBtf() {
        return tracing("tp_btf", TRACE_RAW_TP, "btf_trace_sched_switch", BTF_KIND_TYPEDEF,
                "use tracepoints (tp_btf needs BTF and Linux 5.5)");
    }

    static Feature uprobes() {
        Path type = PMUS.resolve("uprobe/type");
        if (!Files.exists(type)) {
            return Feature.no("uprobes", "no uprobe PMU (" + type + "): kernel built without CONFIG_UPROBE_EVENTS",
                    "a kernel with CONFIG_UPROBE_EVENTS=y");
        }
        UprobeLocation at;
        try {
            at = new UprobeLocator(LibraryResolver.system()).locate("libc:getpid", null);
        } catch (BpfxException e) {
            return Feature.no("uprobes", "no libc getpid to probe: " + e.getMessage(), "");
        }
        int pfd;
        try {
            pfd = perfEventOpen(Integer.parseInt(Files.readString(type).trim()), 0, at.binary().toString(),
                    at.fileOffset(), (int) ProcessHandle.current().pid(), -1);
        } catch (IOException | NumberFormatException e) {
            return Feature.no("uprobes", "cannot read " + type, "run as root");
        }
        if (pfd < 0) {
            return Feature.no("uprobes", "perf_event_open(uprobe libc:getpid): " + errno(pfd), "run as root");
        }
        return attachByLink("uprobes", PROG_KPROBE, 0, pfd, "uprobe libc:getpid", "run as root");
    }

    static Feature usdt(Feature uprobes) {
        if (!uprobes.available()) {
            return Feature.no("usdt", "USDT probes are uprobes: " + uprobes.detail(), uprobes.fix());
        }
        Path refCtr = PMUS.resolve("uprobe/format/ref_ctr_offset");
        return Feature.yes("usdt", "uprobes work" + (Files.exists(refCtr)
                ? "; semaphores too (ref_ctr_offset)" : "; no semaphore support (ref_ctr_offset missing)"));
    }

    static Feature perfSoftware() {
        int pfd = perfEventOpen(1 /* SOFTWARE */, 0 /* CPU_CLOCK */, null, 0, -1, 0);
        if (pfd < 0) {
            return Feature.no("perf_software", "perf_event_open(cpu-clock): " + errno(pfd), "run as root");
        }
        return attachByLink("perf_software", PROG_PERF_EVENT, 0, pfd, "cpu-clock on CPU 0", "run as root");
    }

    static Feature perfHardware() {
        int pfd = perfEventOpen(0 /* HARDWARE */, 0 /* CPU_CYCLES */, null, 0, -1, 0);
        if (pfd < 0) {
            boolean noPmu = pfd == -Errno.ENOENT || pfd == -Errno.EOPNOTSUPP || pfd == -Errno.ENODEV;
            return Feature.no("perf_hardware", "perf_event_open(cycles): " + errno(pfd)
                            + (noPmu ? ": no hardware PMU (a VM without PMU passthrough?)" : ""),
                    "use software events (cpu-clock); on a VM, expose the PMU (e.g. -cpu host,pmu=on)");
        }
        return attachByLink("perf_hardware", PROG_PERF_EVENT, 0, pfd, "cycles on CPU 0", "run as root");
    }

    static Feature ringbuf() {
        int fd = LIB.bpf_map_create(MAP_RINGBUF, "bpfx_probe", 0, 0, 4096, null);
        if (fd < 0) {
            return Feature.no("ringbuf", "creating a ring buffer: " + Errno.describe(-fd),
                    "Linux 5.8 or later; bpfx falls back to perf buffers");
        }
        close(fd);
        return Feature.yes("ringbuf", "created a 4 KiB BPF_MAP_TYPE_RINGBUF");
    }

    static Feature iterators() {
        int btfId = vmlinuxType("bpf_iter_task", BTF_KIND_FUNC);
        if (btfId < 0) {
            return Feature.no("iterators", "no bpf_iter_task in the kernel's BTF", "Linux 5.8 or later with BTF");
        }
        int prog = load(PROG_TRACING, TRACE_ITER, btfId);
        if (prog < 0) {
            return Feature.no("iterators", "loading an iter/task program: " + errno(prog), "Linux 5.8 or later");
        }
        int link = LIB.bpf_link_create(prog, 0, TRACE_ITER, null);
        close(link, prog);
        if (link < 0) {
            return Feature.no("iterators", "linking an iter/task program: " + errno(link), "Linux 5.8 or later");
        }
        return Feature.yes("iterators", "linked an iter/task program");
    }

    static Feature batchOps() {
        int fd = LIB.bpf_map_create(MAP_HASH, "bpfx_probe", 4, 8, 4, null);
        if (fd < 0) {
            return Feature.no("batch_ops", "creating a hash map: " + Errno.describe(-fd), "run as root");
        }
        Memory keys = new Memory(16), values = new Memory(32), out = new Memory(8);
        IntByReference count = new IntByReference(4);
        int rc = LIB.bpf_map_lookup_batch(fd, null, out, keys, values, count, null);
        int err = rc < 0 ? Errno.last() : 0;
        close(fd);
        if (rc == 0 || err == Errno.ENOENT) {
            return Feature.yes("batch_ops", "BPF_MAP_LOOKUP_BATCH on a hash map");
        }
        return Feature.no("batch_ops", "BPF_MAP_LOOKUP_BATCH: " + Errno.describe(err),
                "Linux 5.6 or later; bpfx reads key by key meanwhile");
    }

    static Feature bpfStats() {
        try (BpfStats stats = BpfStats.enable()) {
            return Feature.yes("bpf_stats", "BPF_ENABLE_STATS (run time and count; --bpf-stats)");
        } catch (BpfxException e) {
            return Feature.no("bpf_stats", e.getMessage(), "Linux 5.8 or later, as root");
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
