package io.bpfx.exporter.target;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --bpf-stats}: turns on {@code kernel.bpf_stats_enabled} so programs'
 * run time and run count are counted (a small cost on every program run), and
 * puts the old value back when closed: on every exit path, including a JVM
 * shutdown that skips the owner's {@code finally} (the shutdown hook restores it).
 */
public final class BpfStats implements AutoCloseable {

    public static final Path SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");

    private final Path sysctl;
    private final String old;
    private final Thread hook;
    private boolean restored;

    private BpfStats(Path sysctl, String old) {
        this.sysctl = sysctl;
        this.old = old;
        this.hook = new Thread(this::restore, "bpfx-bpf-stats-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the kernel counts program run time now. */
    public static boolean enabled() {
        return enabled(SYSCTL);
    }

    static boolean enabled(Path sysctl) {
        try {
            return Files.readString(sysctl, StandardCharsets.US_ASCII).trim().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Enables the stats; a no-op (restoring nothing) when they are on already. */
    public static BpfStats enable() {
        return enable(SYSCTL);
    }

    static BpfStats enable(Path sysctl) {
        String old;
        try {
            old = Files.readString(sysctl, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new BpfxException.Unsupported("--bpf-stats: cannot read " + sysctl + ": " + e.getMessage());
        }
        if (old.equals("1")) {
            return new BpfStats(sysctl, null);
        }
        try {
            Files.writeString(sysctl, "1\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BpfxException.PermissionDenied("--bpf-stats: cannot write " + sysctl + ": " + e.getMessage()
                    + " (needs root)");
        }
        return new BpfStats(sysctl, old);
    }

    private synchronized void restore() {
        if (restored || old == null) {
            restored = true;
            return;
        }
        restored = true;
        try {
            Files.writeString(sysctl, old + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            System.err.println("bpfx: could not restore " + sysctl + " to " + old + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) restore(), which is idempotent
        }
    }
}
