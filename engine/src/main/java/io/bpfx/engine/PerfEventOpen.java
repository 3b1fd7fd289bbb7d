package io.bpfx.engine;

import com.sun.jna.Memory;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

/** perf_event_open(2) with a hand-built struct perf_event_attr. */
final class PerfEventOpen {
    static final int ATTR_SIZE = 128;
    static final int SW_BPF_OUTPUT = 10;
    static final long SAMPLE_RAW = 1L << 10;
    static final long FLAG_DISABLED = 1L, FLAG_FREQ = 1L << 10;

    private PerfEventOpen() {}

    /** Opens a sampling event for a perf_event program on one CPU (or pid with cpu -1). */
    static int open(AttachTarget.PerfEvent p, int cpu) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, p.type());
        attr.setInt(4, ATTR_SIZE);
        attr.setLong(8, p.config());
        long flags = 0;
        if (p.frequency() > 0) {
            attr.setLong(16, p.frequency());
            flags |= FLAG_FREQ;
        } else {
            attr.setLong(16, p.period());
        }
        attr.setLong(40, flags);
        return call(attr, p.pid() > 0 ? p.pid() : -1, cpu, p.describe());
    }

    /** Opens the bpf-output event behind one CPU's slot of a BPF_MAP_TYPE_PERF_EVENT_ARRAY. */
    static int openBpfOutput(int cpu) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, PerfEvents.TYPE_SOFTWARE);
        attr.setInt(4, ATTR_SIZE);
        attr.setLong(8, SW_BPF_OUTPUT);
        attr.setLong(16, 1);           // sample_period: every record
        attr.setLong(24, SAMPLE_RAW);  // sample_type
        attr.setInt(48, 1);            // wakeup_events: wake the reader for each record
        return call(attr, -1, cpu, "bpf-output on CPU " + cpu);
    }

    private static int call(Memory attr, int pid, int cpu, String what) {
        int fd = (int) LibC.INSTANCE.syscall(LibC.SYS_perf_event_open, attr, pid, cpu, -1, (long) LibC.PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            int err = Errno.last();
            if (err == Errno.ENOENT || err == Errno.EOPNOTSUPP || err == Errno.ENODEV) {
                throw new BpfxException.Unsupported("perf_event_open for " + what + " failed: "
                        + Errno.describe(err) + " — this event is not available here (hardware events need a PMU; try cpu-clock)");
            }
            if (err == Errno.ESRCH) {
                throw new BpfxException.NotFound("perf_event_open for " + what + ": no process " + pid);
            }
            if (err == Errno.EACCES || err == Errno.EPERM) {
                throw new BpfxException.PermissionDenied("perf_event_open for " + what + " failed: "
                        + Errno.describe(err) + " — needs root or CAP_PERFMON (see /proc/sys/kernel/perf_event_paranoid)");
            }
            throw new BpfxException("perf_event_open for " + what + " failed: " + Errno.describe(err));
        }
        return fd;
    }
}
