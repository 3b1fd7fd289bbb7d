package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
    @TempDir
    Path dir;
    TestScripts scripts;
    RecordingHost host = new RecordingHost();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("t.bpf.c"), "// test\n");
        scripts = new TestScripts(dir);
    }

    private int run(String source, String... args) {
        return new ScriptRunner(scripts.options).run(scripts.load(source), args, host);
    }

    @Test
    void defaultEntryRunsEveryTargetInDeclarationOrder() {
        host.keepRunning = false;
        assertEquals(0, run("""
                target("c") add_files("t.bpf.c")
                target("a") add_files("t.bpf.c")
                target("b") add_files("t.bpf.c")
                target("a") add_defines("X")
                """));
        assertEquals(List.of("prepare", "run c", "run a", "run b"), host.calls);
    }

    @Test
    void entryGetsTheCommandLineWords() {
        host.keepRunning = false;
        run("""
                target("t") add_files("t.bpf.c")
                entry(function(first, ...)
                    print(first, select('#', ...), ...)
                end)
                """, "uprobe", "-p", "42");
        assertEquals("uprobe\t2\t-p\t42\n", scripts.out());
        assertEquals(List.of("prepare"), host.calls);
    }

    @Test
    void exitCodeEndsTheRunAndStopsTargets() {
        assertEquals(3, run("""
                target("t") add_files("t.bpf.c")
                on_stop(function() print("stopped") end)
                entry(function()
                    run("t")
                    exit(3)
                    print("not reached")
                end)
                """));
        assertEquals(List.of("prepare", "run t", "exit 3", "stop t"), host.calls);
        assertEquals("stopped\n", scripts.out());
    }

    @Test
    void exitInsideACallbackEndsTheRunEvenThroughPcall() {
        host.queueEvent("t", Map.of("pid", 1L));
        assertEquals(4, run("""
                target("t") add_files("t.bpf.c")
                on_event(function(e) pcall(exit, 4) end)
                """));
        assertEquals(List.of("prepare", "run t", "sleep 100", "exit 4", "stop t"), host.calls);
    }

    @Test
    void osExitIsRoutedToExit() {
        assertEquals(0, run("target('t') add_files('t.bpf.c')\nentry(function() os.exit(true) end)"));
        assertEquals(1, run("target('t') add_files('t.bpf.c')\nentry(function() os.exit(false) end)"));
        assertEquals(7, run("target('t') add_files('t.bpf.c')\nentry(function() os.exit(7) end)"));
        ScriptError e = assertThrows(ScriptError.class,
                () -> run("target('t') add_files('t.bpf.c')\nentry(function() exit(300) end)"));
        assertEquals("tracer.lua:2: exit(): exit code must be an integer 0..255 or a boolean, got 300", e.getMessage());
    }

    @Test
    void waitsWhileTargetsRunThenEndsWhenNoneDoes() {
        host.queueEvent("t", Map.of("pid", 1L));
        assertEquals(0, run("""
                target("t") add_files("t.bpf.c")
                on_event(function(e) stop("t") end)
                """));
        assertEquals(List.of("prepare", "run t", "sleep 100", "stop t"), host.calls);
    }

    @Test
    void durationEndsTheRunAndStopsWhatStillRuns() {
        host.realSleep = true;
        RunOptions timed = scripts.options.withDuration(250);
        long start = System.nanoTime();
        int code = new ScriptRunner(timed).run(ScriptLoader.load("tracer.lua", dir,
                "target('t') add_files('t.bpf.c') on_stop(function() print('bye') end)".getBytes(), timed),
                new String[0], host);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, code);
        assertTrue(elapsedMs >= 240 && elapsedMs < 2000, "took " + elapsedMs + " ms");
        assertEquals("sleep 100", host.calls.get(2));
        assertEquals(List.of("exit 0", "stop t"), host.calls.subList(host.calls.size() - 2, host.calls.size()));
        assertEquals("bye\n", scripts.out());
    }

    @Test
    void sleepInEntryNeverOutlastsTheDuration() {
        host.realSleep = true;
        RunOptions timed = scripts.options.withDuration(150);
        long start = System.nanoTime();
        int code = new ScriptRunner(timed).run(ScriptLoader.load("tracer.lua", dir,
                "target('t') add_files('t.bpf.c')\nentry(function() run('t') sleep(60000) run('never') end)".getBytes(),
                timed), new String[0], host);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, code);
        assertTrue(elapsedMs < 2000, "took " + elapsedMs + " ms");
        assertTrue(host.calls.get(2).startsWith("sleep ") && Long.parseLong(host.calls.get(2).substring(6)) <= 150);
        assertEquals(List.of("prepare", "run t", host.calls.get(2), "exit 0", "stop t"), host.calls);
    }

    @Test
    void interruptEndsTheWaitLoop() {
        ScriptRunner runner = new ScriptRunner(scripts.options);
        host.onSleep = runner::interrupt;
        int code = runner.run(scripts.load("target('t') add_files('t.bpf.c')"), new String[0], host);
        assertEquals(0, code);
        assertEquals(List.of("prepare", "run t", "sleep 100", "exit 0", "stop t"), host.calls);
    }

    @Test
    void sleepValidatesItsArgument() {
        ScriptError e = assertThrows(ScriptError.class,
                () -> run("target('t') add_files('t.bpf.c')\nentry(function()\n sleep(-1) end)"));
        assertEquals("tracer.lua:3: sleep(): milliseconds must be a non-negative number, got -1", e.getMessage());
        e = assertThrows(ScriptError.class, () -> run("target('t') add_files('t.bpf.c')\nentry(function() sleep('1s') end)"));
        assertEquals("tracer.lua:2: bad argument #1 to sleep() (number milliseconds expected, got string)", e.getMessage());
        e = assertThrows(ScriptError.class, () -> run("target('t') add_files('t.bpf.c')\nentry(function() sleep(0/0) end)"));
        assertEquals("tracer.lua:2: sleep(): milliseconds must be a non-negative number, got nan", e.getMessage());
    }

    @Test
    void callbacksMustRunOnTheScriptThread() throws Exception {
        host.keepRunning = false;
        DslRuntime rt = scripts.load("target('t') add_files('t.bpf.c') on_stop(function() end)");
        new ScriptRunner(scripts.options).run(rt, new String[0], host);
        var fn = rt.model().target("t").orElseThrow().stopHandler().orElseThrow().function();
        Throwable[] failure = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                rt.callbacks().invoke(fn);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        other.start();
        other.join();
        assertTrue(failure[0] instanceof IllegalStateException, String.valueOf(failure[0]));
    }
}
