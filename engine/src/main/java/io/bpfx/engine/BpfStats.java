package io.bpfx.engine;

import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Program run-time stats ({@code run_time_ns}, {@code run_cnt} in {@link ProgramInfo})
 * switched on for as long as this object is open, through the kernel's fd-scoped
 * {@code BPF_ENABLE_STATS}: the kernel counts while any such fd is open and stops
 * when the last closes — also when the process is SIGKILLed, because the kernel
 * closes its fds. The {@code kernel.bpf_stats_enabled} sysctl is never written
 * (it is a separate switch; reading it shows only its own state).
 *
 * <p>Counting costs a little on every program run, on the whole machine.
 */
public final class BpfStats implements AutoCloseable {
    /** enum bpf_stats_type. */
    static final int BPF_STATS_RUN_TIME = 0;
    static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    private static final AtomicInteger OPEN = new AtomicInteger();

    private int fd;

    private BpfStats(int fd) {
        this.fd = fd;
    }

    /** Turns stats on until {@link #close()}; needs CAP_SYS_ADMIN. */
    public static BpfStats enable() {
        int fd = LibBpf.INSTANCE.bpf_enable_stats(BPF_STATS_RUN_TIME);
        if (fd < 0) {
            int err = -fd;
            if (err == Errno.EPERM || err == Errno.EACCES) {
                throw new BpfxException.PermissionDenied("bpf stats: BPF_ENABLE_STATS needs CAP_SYS_ADMIN: "
                        + Errno.describe(err) + " (run as root)");
            }
            throw new BpfxException.Unsupported("bpf stats: this kernel cannot enable them (BPF_ENABLE_STATS: "
                    + Errno.describe(err) + "; needs Linux 5.8)");
        }
        OPEN.incrementAndGet();
        return new BpfStats(fd);
    }

    /**
     * Whether the kernel counts run time now, as far as this process can tell:
     * it holds an open {@code BpfStats}, or the sysctl is 1. (Another process's
     * stats fd is invisible here.)
     */
    public static boolean enabled() {
        if (OPEN.get() > 0) {
            return true;
        }
        try {
            return Files.readString(SYSCTL, StandardCharsets.US_ASCII).trim().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
            OPEN.decrementAndGet();
        }
    }
}
