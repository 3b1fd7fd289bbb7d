package io.bpfx.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that this process may load BPF programs, before libbpf fails obscurely. */
public final class Capabilities {
    static final int CAP_SYS_ADMIN = 21, CAP_PERFMON = 38, CAP_BPF = 39;

    private Capabilities() {}

    /** Effective capability bits of this process (0 when unknown). */
    public static long effective() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: unknown, let the kernel decide
        }
        return -1;
    }

    public static boolean canLoadBpf(long caps) {
        return has(caps, CAP_SYS_ADMIN) || (has(caps, CAP_BPF) && has(caps, CAP_PERFMON));
    }

    static boolean has(long caps, int cap) {
        return (caps & (1L << cap)) != 0;
    }

    /** Throws {@link BpfxException.PermissionDenied} when this process lacks the capabilities. */
    public static void requireBpf() {
        long caps = effective();
        if (caps != -1 && !canLoadBpf(caps)) {
            throw new BpfxException.PermissionDenied(missingMessage(caps));
        }
    }

    /** Throws {@link BpfxException.PermissionDenied} naming {@code what} unless CAP_SYS_ADMIN is effective. */
    public static void requireSysAdmin(String what) {
        long caps = effective();
        if (caps != -1 && !has(caps, CAP_SYS_ADMIN)) {
            throw new BpfxException.PermissionDenied(what + " needs root (CAP_SYS_ADMIN): the kernel lists "
                    + "other processes' BPF objects only to it; run it with sudo");
        }
    }

    static String missingMessage(long caps) {
        StringBuilder missing = new StringBuilder();
        if (!has(caps, CAP_BPF)) missing.append("CAP_BPF");
        if (!has(caps, CAP_PERFMON)) missing.append(missing.length() > 0 ? " and " : "").append("CAP_PERFMON");
        return "bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks " + missing
                + "): run it with sudo";
    }
}
