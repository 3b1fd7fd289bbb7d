package io.bpfx.cli.run;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end tests of {@code bpfx run} on the real kernel: each test runs bpfx as a process,
 * and afterwards no program or link it made may be left behind.
 */
abstract class RunTestBase {
    /** Every program the scripts of these tests can load. */
    private static Set<String> ourPrograms;
    private BpfState before;

    @BeforeAll
    static void requireKernel() {
        Kernel.require();
        if (ourPrograms == null) ourPrograms = Attached.programNamesIn(resource(""), NativeBuild.root().resolve("examples"),
                NativeBuild.root().resolve("stdlib/tools"));
    }

    @BeforeEach
    void rememberBpfState() {
        before = BpfState.now();
    }

    @AfterEach
    void nothingLeftAttached() {
        if (before != null) assertNull(Attached.leakedSince(before, ourPrograms), "bpfx left BPF programs or links behind");
    }

    /** A script (or any file) under src/test/resources/run/. */
    static Path resource(String path) {
        try {
            return Path.of(RunTestBase.class.getResource("/run/" + path).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource run/" + path, e);
        }
    }

    static Path example(String name) {
        return NativeBuild.root().resolve("examples").resolve(name);
    }

    static String bin(String workload) {
        return NativeBuild.bin(workload).toString();
    }

    /** A run that failed: the exit code, and exactly one stderr line, with no Java stack trace. */
    static String assertOneErrorLine(BpfxProcess.Result r, int exitCode) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        List<String> lines = r.stderr().stream().filter(l -> !l.startsWith("Attaching ")).toList();
        assertEquals(1, lines.size(), () -> "expected one error line on stderr\n" + r);
        assertNoStackTrace(r);
        return lines.get(0);
    }

    static void assertNoStackTrace(BpfxProcess.Result r) {
        for (String l : r.stderr()) {
            assertFalse(l.startsWith("\tat ") || l.contains("Exception") || l.contains("internal error"),
                    () -> "Java trace on stderr\n" + r);
        }
    }

    /** Every line under 80 columns (so it fits a terminal without wrapping). */
    static void assertUnder80Columns(List<String> lines) {
        for (String l : lines) assertTrue(l.length() < 80, () -> l.length() + " columns: " + l);
    }

    /** Group 1.. of {@code pattern} in {@code line}, which must match it entirely. */
    static Matcher parse(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertTrue(m.matches(), () -> "'" + line + "' does not match " + pattern);
        return m;
    }
}
