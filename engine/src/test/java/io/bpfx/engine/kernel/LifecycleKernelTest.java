package io.bpfx.engine.kernel;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a process holding probes can end leaves bpftool's lists as they were. */
class LifecycleKernelTest extends KernelTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "KILL", "throw"})
    void nothingLeftAfter(String how) throws Exception {
        BpfState before = BpfState.now();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.bpfx.engine.testing.AttachAndWait", NativeBuild.bpfObject("events_test").toString(),
                how.equals("throw") ? "throw" : "wait");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String first = out.readLine();
        assertEquals("attached 2", first, "the child attached both openat programs");
        if (!how.equals("throw")) {
            BpfState during = BpfState.now();
            assertTrue(during.links().size() >= before.links().size() + 2, "links visible while attached");
            new ProcessBuilder("kill", "-" + how, String.valueOf(p.pid())).start().waitFor();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child ended");
        String rest = new String(p.getInputStream().readAllBytes());
        if (how.equals("TERM") || how.equals("INT")) {
            assertTrue(rest.contains("stopping"), "graceful stop ran: " + rest);
        }
        if (how.equals("throw")) {
            assertNotEquals(0, p.exitValue());
        }
        assertNull(BpfState.leakedSinceSettled(before));
    }
}
