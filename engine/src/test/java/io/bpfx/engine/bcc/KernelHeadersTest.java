package io.bpfx.engine.bcc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where BCC looks for kernel headers, checked against fake trees. */
class KernelHeadersTest {
    @TempDir
    Path tmp;

    private static final String REL = "6.18.0-test";

    @Test
    void overrideWithoutIncludeIsNamed() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Optional<String> p = KernelHeaders.problem(Map.of(KernelHeaders.ENV, empty.toString())::get, REL,
                tmp.resolve("modules"), tmp.resolve("kheaders.tar.xz"));
        assertEquals(Optional.of("BCC needs kernel headers, but BCC_KERNEL_SOURCE=" + empty + " has no include/ directory: "
                + "point it at a kernel headers tree (e.g. /usr/src/linux-headers-$(uname -r)), or unset it and "
                + "apt-get install linux-headers-" + REL), p);
        Path gone = tmp.resolve("gone");
        assertEquals(true, KernelHeaders.problem(Map.of(KernelHeaders.ENV, gone.toString())::get, REL,
                tmp.resolve("modules"), tmp.resolve("kheaders.tar.xz")).orElseThrow().contains(gone + " does not exist"));
    }

    @Test
    void overrideWithIncludeIsEnough() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("linux/include"));
        assertEquals(Optional.empty(), KernelHeaders.problem(Map.of(KernelHeaders.ENV, tree.getParent().toString())::get,
                REL, tmp.resolve("modules"), tmp.resolve("kheaders.tar.xz")));
    }

    @Test
    void modulesBuildOrSourceOrKheaders() throws IOException {
        Path modules = Files.createDirectories(tmp.resolve("modules"));
        Path kheaders = tmp.resolve("kheaders.tar.xz");
        Optional<String> p = KernelHeaders.problem(k -> null, REL, modules, kheaders);
        assertEquals(Optional.of("BCC needs kernel headers and found none: no " + modules.resolve(REL + "/build")
                + "/include (nor " + modules.resolve(REL + "/source") + "/include, " + kheaders
                + "); install them with apt-get install linux-headers-" + REL
                + ", or set BCC_KERNEL_SOURCE to a kernel headers tree"), p);

        Files.createFile(kheaders);
        assertEquals(Optional.empty(), KernelHeaders.problem(k -> null, REL, modules, kheaders));
        Files.delete(kheaders);

        Files.createDirectories(modules.resolve(REL + "/source/include"));
        assertEquals(Optional.empty(), KernelHeaders.problem(k -> null, REL, modules, kheaders));
        // an empty value is unset for BCC too
        assertEquals(Optional.empty(), KernelHeaders.problem(Map.of(KernelHeaders.ENV, "")::get, REL, modules, kheaders));
    }
}
