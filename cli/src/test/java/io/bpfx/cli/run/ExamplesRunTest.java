package io.bpfx.cli.run;

import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script in examples/, run briefly with a workload that gives it something to show, and
 * its output checked: the rows the workload caused, and lines under 80 columns. (tracer.lua,
 * the seed example, has {@link SeedExampleRunTest}.)
 */
class ExamplesRunTest extends RunTestBase {

    @Test
    void opensnoopShowsTheOpensOfOneProcess(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("opened"), "x");
        Pattern row = Pattern.compile("(\\d+) +(\\S+) +(-?\\d+) +(\\d+) (.*)");
        try (Workload w = Workload.start("openloop", file.toString(), "20");
             BpfxProcess bpfx = Bpfx.run(example("opensnoop.lua"), "--pid", Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached("opensnoop");
            assertEquals(20, w.go().awaitDone());
            bpfx.awaitStdout(l -> l.endsWith(" " + file), 20, "of opens of " + file);
            BpfxProcess.Result r = interrupt(bpfx);
            assertEquals("PID     COMM               FD ERR PATH", r.stdout().get(0));
            List<String> rows = r.stdout().subList(1, r.stdout().size());
            assertEquals(20, rows.size(), r::toString);
            for (String l : rows) {
                Matcher m = parse(row, l);
                assertEquals(w.pid(), Integer.parseInt(m.group(1)));
                assertEquals("openloop", m.group(2));
                assertTrue(Integer.parseInt(m.group(3)) >= 0, l);
                assertEquals("0", m.group(4));
                assertEquals(file.toString(), m.group(5));
            }
            assertUnder80Columns(r.stdout());
        }
    }

    @Test
    void execsnoopSeesAnExec() throws Exception {
        String marker = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Pattern row = Pattern.compile("(\\S+) +(\\d+) +(\\d+) +(-?\\d+) (.*)");
        try (BpfxProcess bpfx = Bpfx.run(example("execsnoop.lua")).start()) {
            bpfx.awaitAttached("execsnoop");
            Process p = new ProcessBuilder("/bin/true", marker).start();
            assertTrue(p.waitFor(BpfxProcess.WAIT_SECONDS, TimeUnit.SECONDS));
            String ours = bpfx.awaitStdout(l -> l.endsWith("/bin/true " + marker), 1, "of /bin/true " + marker).get(0);
            BpfxProcess.Result r = interrupt(bpfx);
            String header = "PCOMM            PID     PPID    RET ARGS";
            assertEquals(header, r.stdout().get(0));
            Matcher m = parse(row, ours);
            assertEquals("true", m.group(1));
            assertEquals(p.pid(), Long.parseLong(m.group(2)));
            assertEquals(ProcessHandle.current().pid(), Long.parseLong(m.group(3)), "the test JVM started it");
            assertEquals("0", m.group(4));
            assertEquals(1, r.stdout().stream().filter(l -> l.contains(marker)).count());
            assertUnder80Columns(List.of(header, ours));
        }
    }

    @Test
    void funclatencyHistogramCountsEveryCallOfALibcFunction() {
        // syscall_loop calls libc's syscall() N times
        Pattern bucket = Pattern.compile("\\[(\\S+), (\\S+)\\) +(\\d+) \\|[@ ]*\\|");
        try (Workload w = Workload.start("syscall_loop", "1000");
             BpfxProcess bpfx = Bpfx.run(example("funclatency.lua"), "libc:syscall", "--pid", Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached("funclatency");
            assertEquals(1000, w.go().awaitDone());
            BpfxProcess.Result r = interrupt(bpfx);
            List<String> out = r.stdout();
            assertEquals(List.of("Tracing libc:syscall... Hit Ctrl-C to end.", "latency (ns):", "@latency_ns:"), out.subList(0, 3), r::toString);
            long calls = 0;
            for (String l : out.subList(3, out.size())) calls += Long.parseLong(parse(bucket, l).group(3));
            assertEquals(1000, calls, r::toString);
            assertUnder80Columns(out);
        }
    }

    @Test
    void usdtShowsEachFireAndCountsThem() {
        Path root = NativeBuild.root();
        Pattern tick = Pattern.compile("(\\d+) +uprobe_target +tick (\\d+)");
        try (BpfxProcess bpfx = Bpfx.command("run", "examples/usdt.lua").in(root).start()) {
            bpfx.awaitAttached("usdt");
            int pid;
            try (Workload w = Workload.start("uprobe_target", "5")) {
                pid = w.pid();
                assertEquals(5, w.go().awaitDone());
            }
            bpfx.awaitStdout(l -> l.startsWith(pid + " "), 5, "of ticks of " + pid);
            BpfxProcess.Result r = interrupt(bpfx);
            List<String> ticks = r.stdout().stream().filter(l -> l.startsWith(pid + " ")).toList();
            for (int i = 0; i < 5; i++) {
                Matcher m = parse(tick, ticks.get(i));
                assertEquals(i, Integer.parseInt(m.group(2)), ticks.get(i));
            }
            int summary = r.stdout().indexOf("fires by pid:");
            assertTrue(summary > 0, r::toString);
            assertEquals("@fires:", r.stdout().get(summary + 1));
            assertTrue(r.stdout().subList(summary + 2, r.stdout().size()).stream().anyMatch(l -> l.matches(pid + " +5")),
                    r::toString);
            assertUnder80Columns(r.stdout());
        }
    }

    @Test
    void profilePrintsSamplesByCommand() {
        Pattern row = Pattern.compile("(.{1,16}?) +(\\d+)");
        // a process that spins for the whole run is sampled
        try (Workload spinner = Workload.start("syscall_loop", "100000000000").go()) {
            BpfxProcess.Result r = Bpfx.run(example("profile.lua"), "--duration", "2").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(1, r.stderr().size(), r::toString);
            assertTrue(r.stderr().get(0).matches("Attaching \\d+ probes? \\(profile\\)\\.\\.\\."), r::toString); // one per CPU
            assertEquals("COMM              SAMPLES", r.stdout().get(0));
            List<String> rows = r.stdout().subList(1, r.stdout().size());
            assertFalse(rows.isEmpty(), r::toString);
            assertTrue(rows.size() <= 15, r::toString);
            boolean spinnerSeen = false;
            for (String l : rows) {
                Matcher m = parse(row, l);
                assertTrue(Long.parseLong(m.group(2)) > 0, l);
                spinnerSeen |= m.group(1).equals("syscall_loop");
            }
            assertTrue(spinnerSeen, r::toString);
            assertUnder80Columns(r.stdout());
        }
    }

    @Test
    void schedswitchPrintsSwitchesByCommand() {
        Pattern row = Pattern.compile("(.*\\S) +(\\d+)");
        BpfxProcess.Result r = Bpfx.run(example("schedswitch.lua"), "--duration", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("Attaching 1 probe (schedswitch)..."), r.stderr());
        assertEquals("@switches:", r.stdout().get(0));
        List<String> rows = r.stdout().subList(1, r.stdout().size());
        assertFalse(rows.isEmpty(), r::toString);
        long previous = 0;
        for (String l : rows) {
            long n = Long.parseLong(parse(row, l).group(2));
            assertTrue(n >= previous, "rows sorted by count, ascending: " + l);
            previous = n;
        }
        assertUnder80Columns(r.stdout());
    }

    private static BpfxProcess.Result interrupt(BpfxProcess bpfx) {
        bpfx.signal("INT");
        BpfxProcess.Result r = bpfx.awaitExit();
        assertEquals(0, r.exitCode(), r::toString);
        assertNoStackTrace(r);
        return r;
    }
}
