package io.bpfx.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gate for tests that load real programs into this kernel. Outside CI they
 * skip when the machine cannot run BPF (not root, no BTF); under CI=true
 * they fail instead, so a CI run can never pass by skipping them.
 */
public final class Kernel {
    private Kernel() {}

    public static void require() {
        String why = missing();
        if (why == null) return;
        if ("true".equals(System.getenv("CI"))) {
            fail("kernel tests must run under CI=true, but: " + why);
        }
        assumeTrue(false, "skipping kernel test: " + why);
    }

    private static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) return "not root";
        if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux"))) return "no /sys/kernel/btf/vmlinux";
        if (!Files.isDirectory(Path.of("/sys/kernel/tracing/events"))
                && !Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events"))) {
            return "tracefs not mounted (mount -t tracefs nodev /sys/kernel/tracing)";
        }
        if (!Files.exists(NativeBuild.bpfObject("events_test"))) return "native/build not built (make -C native)";
        return null;
    }
}
