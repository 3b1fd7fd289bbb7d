package io.bpfx.engine;

import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds (and, as root, mounts) tracefs, where tracepoints are listed. */
public final class Tracefs {
    static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");

    private Tracefs() {}

    /** The tracefs root, mounting it at /sys/kernel/tracing when absent and we may. */
    public static synchronized Path root() {
        if (Files.isDirectory(TRACEFS.resolve("events"))) {
            return TRACEFS;
        }
        if (Files.isDirectory(DEBUGFS_TRACING.resolve("events"))) {
            return DEBUGFS_TRACING;
        }
        if (Files.isDirectory(TRACEFS)) {
            int rc = LibC.INSTANCE.mount("nodev", TRACEFS.toString(), "tracefs", 0, null);
            if (rc == 0 && Files.isDirectory(TRACEFS.resolve("events"))) {
                return TRACEFS;
            }
            int err = Errno.last();
            throw new BpfxException.PermissionDenied("tracefs is not mounted and mounting it failed ("
                    + Errno.describe(err) + "): run `mount -t tracefs nodev " + TRACEFS + "` as root");
        }
        throw new BpfxException.Unsupported("tracefs is not available: " + TRACEFS + " does not exist (kernel built without CONFIG_TRACING?)");
    }

    /** Throws NotFound naming where it looked when the tracepoint does not exist. */
    public static void requireEvent(String category, String name) {
        Path root = root();
        Path dir = root.resolve("events").resolve(category).resolve(name);
        if (!Files.isDirectory(dir)) {
            String hint = Files.isDirectory(root.resolve("events").resolve(category))
                    ? "" : " (no category '" + category + "' either)";
            throw new BpfxException.NotFound("tracepoint " + category + ":" + name + " not found: no " + dir + hint);
        }
    }
}
