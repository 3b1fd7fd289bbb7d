package io.bpfx.cli.run;

import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of probe, end to end: a workload does N things, the script sees exactly N events. */
class ProbesRunTest extends RunTestBase {
    private static final int N = 500;

    @Test
    void uprobeEventPerCall() {
        Pattern call = Pattern.compile("call pid=(\\d+) comm=(\\S+) arg=(-?\\d+)");
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/uprobe.lua"), "-c", "bin=" + bin("uprobe_target")).start();
             Workload w = workloadAfterAttach(bpfx, "calls", "uprobe_target", Integer.toString(N))) {
            List<String> events = awaitEventsThenInterrupt(bpfx, w, "call ", N);
            for (int i = 0; i < N; i++) {
                Matcher m = parse(call, events.get(i));
                assertEquals(w.pid(), Integer.parseInt(m.group(1)), events.get(i));
                assertEquals("uprobe_target", m.group(2));
                assertEquals(i, Integer.parseInt(m.group(3)), "calls arrive in order with their argument");
            }
        }
    }

    @Test
    void uretprobeEventPerReturnWithTheValue() {
        Pattern ret = Pattern.compile("return pid=(\\d+) comm=(\\S+) ret=(-?\\d+)");
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/uretprobe.lua"), "-c", "bin=" + bin("uprobe_target")).start();
             Workload w = workloadAfterAttach(bpfx, "returns", "uprobe_target", Integer.toString(N))) {
            List<String> events = awaitEventsThenInterrupt(bpfx, w, "return ", N);
            for (int i = 0; i < N; i++) {
                Matcher m = parse(ret, events.get(i));
                assertEquals(w.pid(), Integer.parseInt(m.group(1)), events.get(i));
                assertEquals("uprobe_target", m.group(2));
                assertEquals(i % 7, Integer.parseInt(m.group(3)), "bpfx_target_fn(" + i + ") returns i % 7");
            }
        }
    }

    @Test
    void tracepointEventPerOpenOfOneProcessByPidOption(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("bpfx-e2e-opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N));
             BpfxProcess bpfx = Bpfx.run(resource("scripts/opens.lua"), "--pid", Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached("opens");
            assertOpens(bpfx, w, file);
        }
    }

    @Test
    void tracepointPidFilterFromRunValues(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("bpfx-e2e-opened"), "x");
        try (Workload w = Workload.start("openloop", file.toString(), Integer.toString(N));
             BpfxProcess bpfx = Bpfx.run(resource("scripts/opens_entry.lua"), Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached("opens");
            assertOpens(bpfx, w, file);
        }
    }

    private static void assertOpens(BpfxProcess bpfx, Workload w, Path file) {
        List<String> events = awaitEventsThenInterrupt(bpfx, w.go(), "open ", N);
        assertEquals(List.of("open pid=" + w.pid() + " comm=openloop file=" + file),
                events.stream().distinct().toList(), "only the workload's opens, each of the file");
    }

    @Test
    void usdtEventPerFireWithItsArgument() {
        Pattern tick = Pattern.compile("tick pid=(\\d+) comm=(\\S+) arg=(-?\\d+)");
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/usdt.lua"), "-c", "bin=" + bin("uprobe_target")).start();
             Workload w = workloadAfterAttach(bpfx, "ticks", "uprobe_target", Integer.toString(N))) {
            List<String> events = awaitEventsThenInterrupt(bpfx, w, "tick ", N);
            for (int i = 0; i < N; i++) {
                Matcher m = parse(tick, events.get(i));
                assertEquals(w.pid(), Integer.parseInt(m.group(1)), events.get(i));
                assertEquals("uprobe_target", m.group(2));
                assertEquals(i, Long.parseLong(m.group(3)), "USDT bpfx:tick(i)");
            }
        }
    }

    /** Once bpfx says it attached {@code target}, starts the workload and says go. */
    static Workload workloadAfterAttach(BpfxProcess bpfx, String target, String workload, String... args) {
        bpfx.awaitAttached(target);
        return Workload.start(workload, args).go();
    }

    /**
     * Waits for the workload to finish and for n of its event lines ({@code "PREFIX pid=PID "}),
     * ends bpfx with Ctrl-C, and returns every line it printed for the workload: exactly n.
     * (Probes on a binary see every process running it, such as other test runs.)
     */
    static List<String> awaitEventsThenInterrupt(BpfxProcess bpfx, Workload w, String prefix, int n) {
        String ours = prefix + "pid=" + w.pid() + " ";
        assertEquals(n, w.awaitDone());
        bpfx.awaitStdout(l -> l.startsWith(ours), n, "starting '" + ours + "'");
        bpfx.signal("INT");
        BpfxProcess.Result r = bpfx.awaitExit();
        assertEquals(0, r.exitCode(), r::toString);
        assertNoStackTrace(r);
        List<String> events = r.stdout().stream().filter(l -> l.startsWith(ours)).toList();
        assertEquals(n, events.size(), "events");
        return events;
    }
}
