package io.bpfx.engine.bcc;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * BCC compiles against the running kernel's headers, found where BCC itself
 * looks: {@code $BCC_KERNEL_SOURCE}, else {@code /lib/modules/$(uname -r)/build}
 * (or {@code .../source}), else the kernel's own {@code /sys/kernel/kheaders.tar.xz}.
 * Checked before compiling so a missing tree is one clear line instead of
 * clang's "linux/sched.h not found".
 */
public final class KernelHeaders {
    public static final String ENV = "BCC_KERNEL_SOURCE";
    static final Path MODULES = Path.of("/lib/modules");
    static final Path KHEADERS = Path.of("/sys/kernel/kheaders.tar.xz");

    private KernelHeaders() {}

    /** Throws {@link BpfxException.NotFound} naming where it looked when BCC would find no headers. */
    public static void require() {
        problem(System::getenv, release(), MODULES, KHEADERS).ifPresent(msg -> {
            throw new BpfxException.NotFound(msg);
        });
    }

    /**
     * Why BCC would find no kernel headers, or empty when it would.
     *
     * @param env the environment (BCC reads {@value #ENV} from it)
     * @param release {@code uname -r}
     */
    public static Optional<String> problem(Function<String, String> env, String release, Path modules, Path kheaders) {
        String override = env.apply(ENV);
        if (override != null && !override.isEmpty()) {
            Path dir = Path.of(override);
            if (Files.isDirectory(dir.resolve("include"))) return Optional.empty();
            return Optional.of("BCC needs kernel headers, but " + ENV + "=" + override
                    + (Files.isDirectory(dir) ? " has no include/ directory" : " does not exist")
                    + ": point it at a kernel headers tree (e.g. /usr/src/linux-headers-$(uname -r)), or unset it and "
                    + "apt-get install linux-headers-" + release);
        }
        Path base = modules.resolve(release);
        Path build = base.resolve("build"), source = base.resolve("source");
        if (Files.isDirectory(build.resolve("include")) || Files.isDirectory(source.resolve("include"))) {
            return Optional.empty();
        }
        if (Files.exists(kheaders)) return Optional.empty(); // BCC unpacks the kernel's own headers
        return Optional.of("BCC needs kernel headers and found none: no " + build + "/include (nor "
                + source + "/include, " + kheaders + "); install them with apt-get install linux-headers-" + release
                + ", or set " + ENV + " to a kernel headers tree");
    }

    /** {@code uname -r}. */
    static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
