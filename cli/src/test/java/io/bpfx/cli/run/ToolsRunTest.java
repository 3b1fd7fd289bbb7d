package io.bpfx.cli.run;

import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ready tools of stdlib/tools, run by name as users do ({@code bpfx run killsnoop -p PID}),
 * each against a workload doing an exact number of operations (native/workloads/toolops.c):
 * the rows (or histogram counts) they print must match those operations exactly, and every
 * line stays under 80 columns.
 */
class ToolsRunTest extends RunTestBase {

    /** bpfx run TOOL ARGS...; traces {@code w} doing its operations; Ctrl-C once {@code rows} lines match. */
    private static BpfxProcess.Result trace(Workload w, String tool, Predicate<String> row, int rows, String... args) {
        List<String> all = new ArrayList<>(List.of("run", tool));
        all.addAll(List.of(args));
        try (BpfxProcess bpfx = Bpfx.command(all.toArray(String[]::new)).start()) {
            bpfx.awaitAttached(tool);
            w.go().awaitDone();
            bpfx.awaitStdout(row, rows, "of " + tool);
            BpfxProcess.Result r = interrupt(bpfx);
            assertUnder80Columns(r.stdout());
            return r;
        }
    }

    private static List<Matcher> rows(BpfxProcess.Result r, Pattern p, Predicate<Matcher> ours) {
        List<Matcher> found = new ArrayList<>();
        for (String l : r.stdout()) {
            Matcher m = p.matcher(l);
            if (m.matches() && ours.test(m)) found.add(m);
        }
        return found;
    }

    @Test
    void exitsnoopShowsEveryChildExitWithItsCode() {
        Pattern row = Pattern.compile("(.{16}) (\\d+) +(\\d+) +(\\d+) +([\\d.]+) +(.*)");
        try (Workload w = Workload.start("toolops", "fork", "10")) {
            String parent = " " + w.pid() + " ";
            BpfxProcess.Result r = trace(w, "exitsnoop", l -> l.contains(parent), 10);
            assertEquals("PCOMM            PID     PPID    TID     AGE(s)  EXIT_CODE", r.stdout().get(0));
            List<Matcher> children = rows(r, row, m -> Integer.parseInt(m.group(3)) == w.pid());
            assertEquals(10, children.size(), r::toString);
            for (int i = 0; i < 10; i++) {
                Matcher m = children.get(i);
                assertEquals("toolops", m.group(1).trim());
                assertEquals(m.group(2), m.group(4), "a process's main thread");
                assertEquals(Integer.toString(i % 8), m.group(6), "exit code of child " + i);
            }
        }
    }

    @Test
    void killsnoopShowsEachKill() {
        Pattern row = Pattern.compile("\\d\\d:\\d\\d:\\d\\d +(\\d+) +(\\S+) +(\\d+) +(-?\\d+) +(-?\\d+)");
        try (Workload w = Workload.start("toolops", "kill", "12")) {
            String pid = Integer.toString(w.pid());
            BpfxProcess.Result r = trace(w, "killsnoop", l -> l.contains(" " + pid + " "), 12, "-p", pid);
            assertEquals("TIME      PID     COMM             SIG  TPID    RESULT", r.stdout().get(0));
            List<Matcher> kills = rows(r, row, m -> true);
            assertEquals(12, kills.size(), r::toString);
            for (Matcher m : kills) {
                assertEquals(pid, m.group(1));
                assertEquals("toolops", m.group(2));
                assertEquals("10", m.group(3));
                assertEquals(pid, m.group(4));
                assertEquals("0", m.group(5));
            }
        }
    }

    @Test
    void sigsnoopShowsEachSignalByName() {
        Pattern row = Pattern.compile("\\d\\d:\\d\\d:\\d\\d +(\\d+) +(\\S+) +(\\S+) +(\\d+) +(\\d+)");
        try (Workload w = Workload.start("toolops", "kill", "12")) {
            String pid = Integer.toString(w.pid());
            BpfxProcess.Result r = trace(w, "sigsnoop", l -> l.contains(" SIGUSR1 "), 12, "-p", pid, "-n");
            assertEquals("TIME     PID     COMM             SIG       TPID    RESULT", r.stdout().get(0));
            List<Matcher> signals = rows(r, row, m -> true);
            assertEquals(12, signals.size(), r::toString);
            for (Matcher m : signals) {
                assertEquals(List.of(pid, "toolops", "SIGUSR1", pid, "0"),
                        List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
            }
        }
    }

    @Test
    void syscountCountsEverySyscallOfAProcessWithItsTime() {
        Pattern row = Pattern.compile("(\\S+) +(\\d+) +(\\d+\\.\\d{3})");
        try (Workload w = Workload.start("syscall_loop", "500")) {
            String pid = Integer.toString(w.pid());
            List<String> args = List.of("run", "syscount", "-p", pid, "-L", "-m");
            try (BpfxProcess bpfx = Bpfx.command(args.toArray(String[]::new)).start()) {
                bpfx.awaitAttached("syscount");
                assertEquals(500, w.go().awaitDone());
                BpfxProcess.Result r = interrupt(bpfx);
                List<String> out = r.stdout();
                assertEquals("Tracing syscalls, printing top 10... Ctrl+C to quit.", out.get(0));
                assertTrue(out.get(1).matches("\\[\\d\\d:\\d\\d:\\d\\d]"), r::toString);
                assertEquals(String.format("%-22s %8s %16s", "SYSCALL", "COUNT", "TIME (ms)"), out.get(2));
                List<Matcher> getppid = rows(r, row, m -> m.group(1).equals("getppid"));
                assertEquals(1, getppid.size(), r::toString);
                assertEquals("500", getppid.get(0).group(2));
                assertUnder80Columns(out);
            }
        }
    }

    @Test
    void syscountByProcessCountsAtLeastTheLoop() {
        Pattern row = Pattern.compile("(\\d+) +(\\S+) +(\\d+)");
        try (Workload w = Workload.start("syscall_loop", "300")) {
            String pid = Integer.toString(w.pid());
            BpfxProcess.Result r = trace(w, "syscount", l -> false, 0, "-p", pid, "-P");
            assertEquals(String.format("%-22s %8s", "PID    COMM", "COUNT"), r.stdout().get(2));
            List<Matcher> procs = rows(r, row, m -> true);
            assertEquals(1, procs.size(), r::toString);
            assertEquals(pid, procs.get(0).group(1));
            assertEquals("syscall_loop", procs.get(0).group(2));
            // the loop's 300 getppid() plus the few calls around it (the "done" write, exit)
            long n = Long.parseLong(procs.get(0).group(3));
            assertTrue(n >= 300 && n < 320, r::toString);
        }
    }

    @Test
    void statsnoopShowsEachStatOfAUniqueFile(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("stat-me"), "x");
        Pattern row = Pattern.compile("(\\d+) +(\\S+) +(-?\\d+) +(\\d+) +(.*)");
        try (Workload w = Workload.start("toolops", "stat", "15", file.toString())) {
            BpfxProcess.Result r = trace(w, "statsnoop", l -> l.endsWith(" " + file), 15, "-p", Integer.toString(w.pid()));
            assertEquals("PID     COMM                 RET  ERR  PATH", r.stdout().get(0));
            List<Matcher> stats = rows(r, row, m -> m.group(5).equals(file.toString()));
            assertEquals(15, stats.size(), r::toString);
            for (Matcher m : stats) {
                assertEquals(List.of(Integer.toString(w.pid()), "toolops", "0", "0"),
                        List.of(m.group(1), m.group(2), m.group(3), m.group(4)));
            }
        }
    }

    @Test
    void mountsnoopShowsEachMountAndUmount() throws Exception {
        // a short mount point: the CALL column holds it twice within 80 columns
        Path dir = Files.createDirectories(Path.of("/tmp/bm" + ProcessHandle.current().pid()));
        try (Workload w = Workload.start("toolops", "mount", "3", dir.toString())) {
            String pid = Integer.toString(w.pid());
            BpfxProcess.Result r = trace(w, "mountsnoop", l -> l.contains(dir.toString()), 6, "-p", pid);
            assertEquals("COMM             PID     CALL", r.stdout().get(0));
            List<String> calls = r.stdout().subList(1, r.stdout().size());
            assertEquals(6, calls.size(), r::toString);
            String prefix = String.format("%-16s %-7s ", "toolops", pid);
            for (int i = 0; i < 6; i += 2) {
                assertEquals(prefix + "mount(\"tmpfs\", \"" + dir + "\", \"tmpfs\", 0x0, \"\") = 0", calls.get(i));
                assertEquals(prefix + "umount(\"" + dir + "\", 0x0) = 0", calls.get(i + 1));
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    static BpfxProcess.Result interrupt(BpfxProcess bpfx) {
        bpfx.signal("INT");
        BpfxProcess.Result r = bpfx.awaitExit();
        assertEquals(0, r.exitCode(), r::toString);
        assertNoStackTrace(r);
        return r;
    }
}
