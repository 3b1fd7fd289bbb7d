package io.bpfx.cli.run;

import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every way a run ends: the script's stop()/exit() from a callback or entry, --duration,
 * Ctrl-C, SIGTERM, a Lua error in a callback. Each ends with the documented exit code, runs
 * on_stop where the target was running, and leaves nothing attached (checked after each test).
 */
class LifecycleRunTest extends RunTestBase {

    @Test
    void stopInsideItsOwnCallbackEndsTheTargetAndTheRun() {
        BpfxProcess.Result r = runWithCalls("stop_in_callback.lua", "calls");
        assertEquals(0, r.exitCode(), r::toString);
        // events already in the ring buffer are not delivered once the target stopped
        assertEquals(List.of("call arg=0", "on_stop: 1 event(s)"), r.stdout());
        assertEquals(List.of("Attaching 1 probe (calls)..."), r.stderr());
    }

    @Test
    void exitInsideACallbackRunsOnStopAndExitsZero() {
        BpfxProcess.Result r = runWithCalls("exit_in_callback.lua", "calls");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("call arg=0", "on_stop ran"), r.stdout());
        assertEquals(List.of("Attaching 1 probe (calls)..."), r.stderr());
    }

    @Test
    void exitWithACodeInsideACallbackIsTheExitCode() {
        BpfxProcess.Result r = runWithCalls("exit_in_callback.lua", "calls", "-c", "code=3");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals(List.of("call arg=0", "on_stop ran"), r.stdout());
        assertEquals(List.of("Attaching 1 probe (calls)..."), r.stderr());
    }

    @Test
    void exitWithACodeInEntry() {
        BpfxProcess.Result r = Bpfx.run(resource("scripts/exit_in_entry.lua")).run();
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals(List.of("on_stop ran"), r.stdout());
        assertEquals(List.of("Attaching 1 probe (count)..."), r.stderr());
    }

    @Test
    void exitInOnStopIsTheExitCodeAndEveryOnStopRunsOnce() {
        BpfxProcess.Result r = Bpfx.run(resource("scripts/exit_in_on_stop.lua"), "--duration", "0.5").run();
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals(List.of("first: on_stop", "second: on_stop"), r.stdout().stream().sorted().toList());
        assertEquals(List.of("Attaching 1 probe (first)...", "Attaching 1 probe (second)..."), r.stderr());
    }

    @Test
    void durationEndsTheRun() {
        BpfxProcess.Result r = Bpfx.run(resource("scripts/count.lua"), "--duration", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("on_stop ran"), r.stdout());
        assertEquals(List.of("Attaching 1 probe (count)..."), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalEndsTheRunCleanly(String signal) {
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/count.lua")).start()) {
            bpfx.awaitAttached("count");
            bpfx.signal(signal);
            BpfxProcess.Result r = bpfx.awaitExit();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(List.of("on_stop ran"), r.stdout());
            assertEquals(List.of("Attaching 1 probe (count)..."), r.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalCutsASleepInEntryShort(String signal) {
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/sleep_in_entry.lua")).start()) {
            bpfx.awaitAttached("count");
            bpfx.signal(signal);
            BpfxProcess.Result r = bpfx.awaitExit();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(List.of("on_stop ran"), r.stdout());
        }
    }

    @Test
    void luaErrorInACallbackEndsTheRunWithItsLine() {
        BpfxProcess.Result r = runWithCalls("callback_error.lua", "calls");
        assertEquals("callback_error.lua:7: bad call 0", assertOneErrorLine(r, 1));
        assertEquals(List.of(), r.stdout());
    }

    /**
     * Runs a uprobe script on bpfx_target_fn of one uprobe_target process (--pid), makes it
     * call the function 5 times, and waits for bpfx to end by itself.
     */
    private static BpfxProcess.Result runWithCalls(String script, String target, String... args) {
        try (Workload w = Workload.start("uprobe_target", "5")) {
            List<String> all = new ArrayList<>(List.of("-c", "bin=" + bin("uprobe_target"), "--pid", Integer.toString(w.pid())));
            all.addAll(List.of(args));
            try (BpfxProcess bpfx = Bpfx.run(resource("scripts/" + script), all.toArray(String[]::new)).start()) {
                bpfx.awaitAttached(target);
                assertEquals(5, w.go().awaitDone());
                return bpfx.awaitExit();
            }
        }
    }
}
