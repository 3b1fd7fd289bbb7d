package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibbpfLog;

import java.util.ArrayList;
import java.util.List;

/** One program of a {@link BpfObject}. */
public final class BpfProgram {
    private static final LibBpf LIB = LibBpf.INSTANCE;

    // enum bpf_prog_type values we name in errors
    public static final int TYPE_KPROBE = 2, TYPE_TRACEPOINT = 5, TYPE_PERF_EVENT = 7, TYPE_RAW_TRACEPOINT = 17,
            TYPE_TRACING = 26, TYPE_LSM = 29;

    private final BpfObject owner;
    private final Pointer prog;
    private final String name;
    private final String section;

    BpfProgram(BpfObject owner, Pointer prog) {
        this.owner = owner;
        this.prog = prog;
        this.name = LIB.bpf_program__name(prog);
        this.section = LIB.bpf_program__section_name(prog);
    }

    public String name() {
        return name;
    }

    /** The SEC() name, e.g. "tracepoint/syscalls/sys_enter_openat". */
    public String section() {
        return section;
    }

    public int type() {
        return LIB.bpf_program__type(prog);
    }

    public BpfObject object() {
        return owner;
    }

    /** Kernel fd once loaded, else -1. */
    public int fd() {
        return LIB.bpf_program__fd(prog);
    }

    /** What the kernel says about the loaded program (id, tag, run stats, maps); empty before load. */
    public java.util.Optional<ProgramInfo> info() {
        return ProgramInfo.of(fd());
    }

    /** Whether load() will load this program (all do by default). */
    public void setAutoload(boolean autoload) {
        LIB.bpf_program__set_autoload(prog, autoload);
    }

    public boolean autoload() {
        return LIB.bpf_program__autoload(prog);
    }

    /**
     * True when libbpf can attach this program from its SEC() name alone
     * (e.g. "tracepoint/syscalls/sys_enter_openat", not a bare "uprobe").
     */
    public boolean canAutoAttach() {
        String s = section;
        int slash = s.indexOf('/');
        String prefix = slash < 0 ? s : s.substring(0, slash);
        boolean hasTarget = slash >= 0 && slash < s.length() - 1;
        switch (prefix) {
            case "tracepoint": case "tp": case "raw_tracepoint": case "raw_tp": case "kprobe": case "kretprobe":
            case "fentry": case "fexit": case "fmod_ret": case "lsm": case "tp_btf": case "iter":
            case "ksyscall": case "kretsyscall":
                return hasTarget;
            case "uprobe": case "uretprobe": case "usdt":
                return hasTarget && s.indexOf(':') > 0; // "uprobe/path:func"
            default:
                return false;
        }
    }

    /** Attaches the loaded program; the returned link is also tracked by the object. */
    public Link attach(AttachTarget target) {
        requireLoaded();
        Capabilities.requireBpf();
        LibbpfLog.reset();
        Link link;
        if (target instanceof AttachTarget.Auto) {
            link = single(target, LIB.bpf_program__attach(prog));
        } else if (target instanceof AttachTarget.Tracepoint t) {
            Tracefs.requireEvent(t.category(), t.name());
            link = single(target, LIB.bpf_program__attach_tracepoint(prog, t.category(), t.name()));
        } else if (target instanceof AttachTarget.RawTracepoint t) {
            link = single(target, LIB.bpf_program__attach_raw_tracepoint(prog, t.name()));
        } else if (target instanceof AttachTarget.Uprobe u) {
            link = single(target, LIB.bpf_program__attach_uprobe_opts(prog, u.pid() > 0 ? u.pid() : -1,
                    u.binary().toString(), u.fileOffset(), uprobeOpts(u.retprobe())));
        } else if (target instanceof AttachTarget.Usdt u) {
            link = single(target, LIB.bpf_program__attach_usdt(prog, u.pid() > 0 ? u.pid() : -1,
                    u.binary().toString(), u.provider(), u.name(), null));
        } else if (target instanceof AttachTarget.Kprobe k) {
            Kprobes.requireAvailable(k);
            link = single(target, LIB.bpf_program__attach_kprobe(prog, k.retprobe(), k.function()));
        } else if (target instanceof AttachTarget.PerfEvent p) {
            link = attachPerfEvent(p);
        } else {
            throw new IllegalArgumentException("unknown target " + target);
        }
        owner.track(link);
        return link;
    }

    private Link single(AttachTarget target, Pointer link) {
        if (link == null) {
            int err = Errno.last();
            throw AttachErrors.translate(this, target, err, LibbpfLog.captured());
        }
        return new Link(name, target.describe(), List.of(link));
    }

    private Link attachPerfEvent(AttachTarget.PerfEvent p) {
        List<Pointer> links = new ArrayList<>();
        try {
            List<Integer> cpus = p.pid() > 0 ? List.of(-1) : p.cpus();
            for (int cpu : cpus) {
                int fd = PerfEventOpen.open(p, cpu);
                Pointer link = LIB.bpf_program__attach_perf_event(prog, fd);
                if (link == null) {
                    int err = Errno.last();
                    io.bpfx.engine.libbpf.LibC.INSTANCE.close(fd);
                    throw AttachErrors.translate(this, p, err, LibbpfLog.captured());
                }
                links.add(link);
            }
        } catch (RuntimeException e) {
            links.forEach(LIB::bpf_link__destroy);
            throw e;
        }
        return new Link(name, p.describe(), links);
    }

    /** struct bpf_uprobe_opts { size_t sz; size_t ref_ctr_offset; __u64 bpf_cookie; bool retprobe; const char *func_name; } */
    private static Pointer uprobeOpts(boolean retprobe) {
        Memory opts = new Memory(40);
        opts.clear();
        opts.setLong(0, 40);
        opts.setByte(24, (byte) (retprobe ? 1 : 0));
        return opts;
    }

    private void requireLoaded() {
        if (!owner.isLoaded()) {
            throw new IllegalStateException(owner.name() + " is not loaded");
        }
    }

    Pointer handle() {
        return prog;
    }

    @Override
    public String toString() {
        return name + " (SEC \"" + section + "\")";
    }
}
