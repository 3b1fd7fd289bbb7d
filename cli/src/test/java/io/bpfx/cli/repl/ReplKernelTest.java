package io.bpfx.cli.repl;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REPL on the real kernel, in a real terminal: a target declared line by line at the
 * prompt runs and sees exactly a workload's opens; its events print above a half-typed line
 * with no sleep; Ctrl-D detaches everything.
 */
class ReplKernelTest {
    private static final Path OPENS_C = NativeBuild.root().resolve("cli/src/test/resources/run/scripts/opens.bpf.c");
    @TempDir
    Path home;
    private BpfState before;

    @BeforeAll
    static void requireKernel() {
        Kernel.require();
    }

    @BeforeEach
    void remember() {
        before = BpfState.now();
    }

    @AfterEach
    void nothingLeftAttached() {
        assertNull(BpfState.leakedSinceSettled(before), "the REPL left BPF programs or links behind");
    }

    /** Declares target "opens" (openat of one pid) at the prompt, {@code handler} its on_event. */
    private static void declareOpens(TmuxRepl repl, int pid, String handler) {
        repl.line("target(\"opens\")")
                .line("add_files(\"" + OPENS_C + "\")")
                .line("set_kind(\"tracepoint\")")
                .line("attach_to(\"on_openat\", \"syscalls:sys_enter_openat\")")
                .line("set_values{ target_pid = " + pid + " }")
                .line("on_event(" + handler + ")");
    }

    private static void runOpens(TmuxRepl repl) {
        repl.line("run(\"opens\")");
        repl.awaitScreen(s -> s.contains("Attaching 1 probe (opens)..."), "the attach");
    }

    @Test
    void aTargetDeclaredAtThePromptCountsEveryOpenThenCtrlDDetaches() throws Exception {
        int n = 500;
        Path file = Files.writeString(home.resolve("opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(n));
             TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.line("n = 0");
            declareOpens(repl, w.pid(), "function (e) n = n + 1 end");
            repl.line("on_stop(function () print(\"stopped after \" .. n) end)");
            repl.line(":targets");
            repl.awaitScreen(s -> s.contains("opens            declared tracepoint     1"), ":targets before run");
            runOpens(repl);
            assertEquals(n, w.go().awaitDone());
            repl.line("n");
            repl.awaitScreen(s -> s.contains("bpfx> n\n" + n + "\n"), "the count: every open, no sleep typed");
            repl.line(":maps");
            repl.awaitScreen(s -> s.matches("(?s).*opens +opens +ringbuf +1048576.*"), "the ring buffer in :maps");
            String s = repl.ctrlD();
            assertTrue(s.contains("stopped after " + n), "on_stop ran at Ctrl-D\n" + s);
        }
    }

    @Test
    void eventsPrintAboveTheLineBeingTypedWithoutSleep() throws Exception {
        int n = 20;
        Path file = Files.writeString(home.resolve("opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(n));
             TmuxRepl repl = new TmuxRepl(home, home)) {
            declareOpens(repl, w.pid(), "function (e) print(\"open \" .. e.fname) end");
            runOpens(repl);
            repl.type("print(\"half");
            repl.awaitScreen(s -> repl.lastLine().equals("bpfx> print(\"half"), "the half-typed line");
            assertEquals(n, w.go().awaitDone());
            String s = repl.awaitScreen(x -> TmuxRepl.count(x, "open " + file) == n, n + " events on screen");
            List<String> lines = Arrays.asList(s.split("\n"));
            assertEquals(n, lines.stream().filter(l -> l.equals("open " + file)).count(), "each event a whole line\n" + s);
            assertEquals("bpfx> print(\"half", repl.lastLine(), "the typed line is redrawn intact under them");
            repl.type(" done\")").press("Enter");
            repl.awaitScreen(x -> x.contains("\nhalf done\n"), "the finished line runs");
            repl.line("stop(\"opens\")").line(":targets");
            repl.awaitScreen(x -> x.contains("opens            declared"), "stopped");
            repl.ctrlD();
        }
    }

    /**
     * Tab asks the Lua thread for names while that thread is busy printing events: the
     * printing must not wait for the terminal (whose lock the completion holds).
     */
    @Test
    void tabCompletesWhileEventsStream() throws Exception {
        int n = 5000;
        Path file = Files.writeString(home.resolve("opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(n));
             TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.line("seen = 0");
            declareOpens(repl, w.pid(), "function (e) seen = seen + 1; print(\"open \" .. seen) end");
            runOpens(repl);
            w.go();
            repl.type("ma").press("Tab");
            assertEquals(n, w.awaitDone());
            repl.awaitScreen(s -> s.contains("open " + n + "\n"), "the last event");
            repl.awaitScreen(s -> repl.lastLine().equals("bpfx> map("), "ma<Tab> completed during the stream");
            repl.type("\"opens\") ~= nil").press("Enter");
            repl.awaitScreen(s -> s.endsWith("\ntrue\nbpfx>"), "the completed line runs");
            repl.ctrlD();
        }
    }
}
