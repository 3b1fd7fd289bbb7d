package io.bpfx.engine.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.bpfx.engine.testing.NativeBuild;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files the tests read: the repo's native workloads and system binaries, plus a way to run tools. */
final class TestFiles {
    private TestFiles() {
    }

    /** A workload built by {@code make -C native}. */
    static Path workload(String name) {
        Path bin = NativeBuild.bin(name);
        assertTrue(Files.isRegularFile(bin), bin + " is missing: run make -C native");
        return bin;
    }

    /** Runs a command and returns its stdout; fails the test on a non-zero exit. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = process.waitFor();
            if (rc != 0) throw new IllegalStateException(String.join(" ", command) + " exited " + rc + ": " + err);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
