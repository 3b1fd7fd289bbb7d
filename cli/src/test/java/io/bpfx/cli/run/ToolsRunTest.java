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

    /**
     * {@code bpfx run TOOL -p PID ARGS...} over workload {@code w}: the namesake's header, then
     * exactly {@code n} rows matching {@code row}, which are returned.
     */
    private static List<Matcher> snoop(Workload w, String tool, String header, Pattern row, int n, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", Integer.toString(w.pid())));
        all.addAll(List.of(args));
        BpfxProcess.Result r = trace(w, tool, l -> row.matcher(l).matches(), n, all.toArray(String[]::new));
        assertEquals(header, r.stdout().get(0));
        List<Matcher> found = rows(r, row, m -> true);
        assertEquals(n, found.size(), r::toString);
        return found;
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
            for (Matcher m : snoop(w, "killsnoop", "TIME      PID     COMM             SIG  TPID    RESULT", row, 12)) {
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
            // and, if it came before Ctrl-C, the SIGCHLD its exit sends the JVM thread that started it
            for (Matcher m : rows(r, row, m -> !m.group(3).equals("SIGUSR1"))) {
                assertEquals("SIGCHLD", m.group(3), m.group());
                assertTrue(Files.exists(Path.of("/proc/" + ProcessHandle.current().pid() + "/task/" + m.group(4))), m.group());
            }
            List<Matcher> signals = rows(r, row, m -> m.group(3).equals("SIGUSR1"));
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
        Pattern row = Pattern.compile("(\\d+) +(\\S+) +(-?\\d+) +(\\d+) +(" + Pattern.quote(file.toString()) + ")");
        try (Workload w = Workload.start("toolops", "stat", "15", file.toString())) {
            for (Matcher m : snoop(w, "statsnoop", "PID     COMM                 RET  ERR  PATH", row, 15)) {
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

    private static final Pattern BCC_BUCKET = Pattern.compile(" *(\\d+) -> (\\d+) +: (\\d+) +\\|[* ]{40}\\|");

    /** The total count of a BCC-style log2 histogram below {@code header} in {@code out}. */
    private static long histogramTotal(List<String> out, String header) {
        int at = out.indexOf(header);
        assertTrue(at >= 0, "no '" + header + "' in " + out);
        long total = 0;
        for (String l : out.subList(at + 1, out.size())) {
            Matcher m = BCC_BUCKET.matcher(l);
            if (!m.matches()) break;
            total += Long.parseLong(m.group(3));
        }
        return total;
    }

    /** A process's context switches so far (voluntary + involuntary), once it sleeps (state S). */
    private static long switchesWhenAsleep(int pid) throws Exception {
        Path proc = Path.of("/proc/" + pid);
        for (int i = 0; i < 100 && !Files.readString(proc.resolve("stat")).replaceFirst(".*\\) ", "").startsWith("S"); i++) {
            Thread.sleep(20);
        }
        long n = 0;
        for (String l : Files.readAllLines(proc.resolve("status"))) {
            if (l.startsWith("voluntary_ctxt_switches:") || l.startsWith("nonvoluntary_ctxt_switches:")) {
                n += Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            }
        }
        return n;
    }

    /**
     * runqlat / cpudist -p PID over "toolops sleep 50 hold", whose switches the kernel counts in
     * /proc while it waits for "go" and, after its loop, for one more line. Between the two
     * counts, each switch but the last is followed by one run-queue wait, and the wake-up by
     * "go" adds one; each on-CPU spell ends at one of those switches: both tools count exactly
     * their difference.
     */
    private static void histogramCountsEverySwitch(String tool) throws Exception {
        try (Workload w = Workload.startNamed("toolops", tool + "-wl", "sleep", "50", "hold");
             BpfxProcess bpfx = Bpfx.command("run", tool, "-p", Integer.toString(w.pid())).start()) {
            bpfx.awaitAttached(tool);
            long before = switchesWhenAsleep(w.pid());
            assertEquals("done 50", w.go().readLine());
            long after = switchesWhenAsleep(w.pid());
            BpfxProcess.Result r = interrupt(bpfx);
            assertTrue(after - before >= 51, before + " → " + after); // 50 sleeps and the wait after them
            assertEquals(after - before, histogramTotal(r.stdout(), "     usecs               : count     distribution"),
                    r::toString);
            assertUnder80Columns(r.stdout());
        }
    }

    @Test
    void runqlatCountsEveryWaitOfAProcess() throws Exception {
        histogramCountsEverySwitch("runqlat");
    }

    @Test
    void cpudistCountsEveryOnCpuSpellOfAProcess() throws Exception {
        histogramCountsEverySwitch("cpudist");
    }

    @Test
    void naptimeShowsEachSleep() {
        Pattern row = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (\\d+) +(\\S+) +(\\d+) +(\\S+) +(\\S+)");
        try (Workload w = Workload.start("toolops", "sleep", "20")) {
            String pid = Integer.toString(w.pid());
            for (Matcher m : snoop(w, "naptime", "TIME     PPID   PCOMM            PID    COMM             SECONDS", row, 20)) {
                assertEquals(List.of(Long.toString(ProcessHandle.current().pid()), pid, "toolops", "0.001"),
                        List.of(m.group(1), m.group(3), m.group(4), m.group(5)));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcplifeShowsEachConnectionWithItsBytes() throws Exception {
        int port = freePort();
        Pattern row = Pattern.compile("(\\d+) +(\\S+) +(\\S+) +(\\d+) +(\\S+) +(\\d+) +(\\d+) +(\\d+) +([\\d.]+)");
        try (Workload w = Workload.start("toolops", "tcp", "5", Integer.toString(port))) {
            BpfxProcess.Result r = trace(w, "tcplife", l -> l.contains(" " + port + " "), 5, "-D", Integer.toString(port));
            assertEquals("PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS", r.stdout().get(0));
            List<Matcher> sessions = rows(r, row, m -> true);
            assertEquals(5, sessions.size(), r::toString);
            for (Matcher m : sessions) {
                assertEquals(List.of(Integer.toString(w.pid()), "toolops", "127.0.0.1", "127.0.0.1", Integer.toString(port), "4", "0"),
                        List.of(m.group(1), m.group(2), m.group(3), m.group(5), m.group(6), m.group(7), m.group(8)));
            }
        }
    }

    @Test
    void tcpstatesShowsEachConnectionsStates() throws Exception {
        int port = freePort();
        Pattern row = Pattern.compile("(\\S+) +(\\d+) +(\\S+) +(\\d+) +(\\S+) +-> (\\S+) +([\\d.]+)");
        try (Workload w = Workload.start("toolops", "tcp", "5", Integer.toString(port))) {
            BpfxProcess.Result r = trace(w, "tcpstates", l -> l.contains(" -> CLOSE "), 5, "-D", Integer.toString(port));
            assertEquals("LADDR           LPORT RADDR           RPORT OLDSTATE    -> NEWSTATE    MS", r.stdout().get(0));
            List<Matcher> changes = rows(r, row, m -> true);
            for (Matcher m : changes) assertEquals(Integer.toString(port), m.group(4), m.group());
            assertEquals(5, changes.stream().filter(m -> m.group(5).equals("CLOSE") && m.group(6).equals("SYN_SENT")).count(), r::toString);
            assertEquals(5, changes.stream().filter(m -> m.group(5).equals("SYN_SENT") && m.group(6).equals("ESTABLISHED")).count(), r::toString);
            assertEquals(5, changes.stream().filter(m -> m.group(6).equals("CLOSE")).count(), r::toString);
        }
    }

    @Test
    void gethostlatencyShowsEachLookup() {
        Pattern row = Pattern.compile("\\d\\d:\\d\\d:\\d\\d +(\\d+) +(\\S+) +([\\d.]+) (.*)");
        try (Workload w = Workload.start("toolops", "resolve", "7")) {
            String pid = Integer.toString(w.pid());
            for (Matcher m : snoop(w, "gethostlatency", "TIME      PID     COMM                  LATms HOST", row, 7)) assertEquals(List.of(pid, "toolops", "localhost"), List.of(m.group(1), m.group(2), m.group(4)));
        }
    }

    @Test
    void threadsnoopShowsEachThreadCreated() {
        // the routine is named while the process lives (usym), its address once it is gone
        Pattern row = Pattern.compile("(\\d+) +(\\d+) +(\\S+) +(thread_main|0x[0-9a-f]+)");
        try (Workload w = Workload.start("toolops", "thread", "9")) {
            String pid = Integer.toString(w.pid());
            List<Matcher> threads = snoop(w, "threadsnoop", "TIME(ms)   PID     COMM             FUNC", row, 9);
            for (Matcher m : threads) assertEquals(List.of(pid, "toolops"), List.of(m.group(2), m.group(3)));
        }
    }

    @Test
    void funccountCountsEveryCall() {
        try (Workload w = Workload.start("syscall_loop", "300")) {
            BpfxProcess.Result r = trace(w, "funccount", l -> false, 0, "-p", Integer.toString(w.pid()), "libc:syscall");
            assertEquals(List.of("Tracing 1 functions for \"libc:syscall\"... Hit Ctrl-C to end.", "",
                    String.format("%-36s %8s", "FUNC", "COUNT"), String.format("%-36s %8d", "libc:syscall", 300),
                    "Detaching..."), r.stdout());
        }
    }

    @Test
    void bashreadlineShowsEachCommandLine() throws Exception {
        String marker = "bpfx-" + ProcessHandle.current().pid();
        try (BpfxProcess bpfx = Bpfx.command("run", "bashreadline").start()) {
            bpfx.awaitAttached("bashreadline");
            Process bash = new ProcessBuilder("/bin/bash", "--norc", "-i").redirectErrorStream(true).start();
            bash.getOutputStream().write(("echo " + marker + "\nexit\n").getBytes());
            bash.getOutputStream().close();
            bash.getInputStream().readAllBytes();
            assertEquals(0, bash.waitFor());
            String pid = Long.toString(bash.pid());
            bpfx.awaitStdout(l -> l.contains(" " + pid + " "), 2, "of bash " + pid);
            BpfxProcess.Result r = interrupt(bpfx);
            assertEquals("TIME      PID     COMMAND", r.stdout().get(0));
            List<String> lines = r.stdout().stream().filter(l -> l.contains(" " + pid + " ")).map(l -> l.substring(18)).toList();
            assertEquals(List.of("echo " + marker, "exit"), lines);
            assertUnder80Columns(r.stdout());
        }
    }

    @Test
    void syncsnoopShowsEachFsync(@TempDir Path tmp) {
        try (Workload w = Workload.start("toolops", "fsync", "6", tmp.resolve("synced").toString())) {
            Pattern row = Pattern.compile("\\d\\d:\\d\\d:\\d\\d +" + w.pid() + " +toolops +fsync");
            snoop(w, "syncsnoop", "TIME      PID    COMM             EVENT", row, 6);
        }
    }

    @Test
    void softirqsCountsByKind() {
        BpfxProcess.Result r = Bpfx.command("run", "softirqs", "-C", "--duration", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("Tracing soft irq event time... Hit Ctrl-C to end.",
                String.format("%-16s %11s", "SOFTIRQ", "TOTAL_count")), r.stdout().subList(0, 2));
        List<String> rows = r.stdout().subList(2, r.stdout().size());
        assertTrue(rows.size() >= 1, r::toString); // timers and RCU run every second
        for (String l : rows) {
            assertTrue(l.matches("(hi|timer|net_tx|net_rx|block|irq_poll|tasklet|sched|hrtimer|rcu) +\\d+"), l);
        }
        assertUnder80Columns(r.stdout());
    }

    @Test
    void softirqsPrintsOneSummaryPerIntervalThenEnds() {
        BpfxProcess.Result r = Bpfx.command("run", "softirqs", "-C", "1", "2").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2, r.stdout().stream().filter(l -> l.startsWith("SOFTIRQ ")).count(), r::toString);
    }

    @Test
    void hardirqsTimesByHandler() {
        BpfxProcess.Result r = Bpfx.command("run", "hardirqs", "--duration", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(String.format("%-26s %11s", "HARDIRQ", "TOTAL_usecs"), r.stdout().get(1));
        // which interrupts fire in a second is the machine's business: each row has a name and a total
        for (String l : r.stdout().subList(2, r.stdout().size())) assertTrue(l.matches(".{26} +\\d+"), l);
        assertUnder80Columns(r.stdout());
    }

    @Test
    void runqlenSamplesEveryCpu() {
        Pattern row = Pattern.compile(" +(\\d+) +: (\\d+) +\\|[* ]{40}\\|");
        // one 1-second interval counted from the attach (a --duration counts from the start,
        // and on a loaded machine the compile can eat most of it)
        BpfxProcess.Result r = Bpfx.command("run", "runqlen", "1", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("Sampling run queue length... Hit Ctrl-C to end.", "",
                "     runqlen       : count     distribution"), r.stdout().subList(0, 3));
        long samples = 0;
        int len = 0;
        for (String l : r.stdout().subList(3, r.stdout().size())) {
            Matcher m = parse(row, l);
            assertEquals(len++, Integer.parseInt(m.group(1)));
            samples += Long.parseLong(m.group(2));
        }
        assertTrue(samples > 0, r::toString); // 99 Hz on every CPU
        assertUnder80Columns(r.stdout());
    }

    @Test
    void toolsListsEveryToolAndWhetherThisKernelRunsIt() {
        BpfxProcess.Result r = Bpfx.command("tools").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("TOOL           RUNS PROBES             SHOWS", r.stdout().get(0));
        List<String> rows = r.stdout().subList(1, r.stdout().size());
        assertTrue(rows.size() >= 25, r::toString);
        for (String l : rows) assertTrue(l.matches("[a-z]+ +yes +[a-z_,]+ +\\S.*"), l);
        assertTrue(rows.stream().anyMatch(l -> l.matches("runqlat +yes +tp_btf +run queue latency histogram")), r::toString);
        assertUnder80Columns(r.stdout());
    }

    @Test
    void toolHelpListsItsOptions() {
        BpfxProcess.Result r = Bpfx.command("run", "killsnoop", "--help").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> out = r.stdout();
        assertEquals(List.of("Usage: bpfx run killsnoop [OPTIONS]", "kill() calls: signal, target, result", "",
                "  -p, --pid PID        trace this process only",
                "  -s, --signal SIGNAL  trace this signal only",
                "  -x, --failed         only show failed kill() calls"), out.subList(0, 6));
        assertUnder80Columns(out);
    }

    @Test
    void anUnknownToolOptionIsOneLineAndExitTwo() {
        BpfxProcess.Result r = Bpfx.command("run", "killsnoop", "-z").run();
        assertEquals("bpfx: killsnoop.lua: unknown option -z (options: -p -s -x; --help lists them)", assertOneErrorLine(r, 2));
        assertEquals(List.of(), r.stdout());
        BpfxProcess.Result bad = Bpfx.command("run", "runqlat", "soon").run();
        assertEquals("bpfx: runqlat.lua: INTERVAL expects an integer, got \"soon\"", assertOneErrorLine(bad, 2));
    }

    @Test
    void jsonPrintsEachRowAsOneNdjsonLine() throws Exception {
        try (Workload w = Workload.start("toolops", "kill", "3")) {
            String pid = Integer.toString(w.pid());
            BpfxProcess.Result r = trace(w, "killsnoop", l -> l.contains(" " + pid + " "), 3, "-p", pid, "--json");
            assertEquals(4, r.stdout().size(), r::toString);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String l : r.stdout()) assertTrue(json.readTree(l).isTextual(), l);
        }
    }

    /** A loop block device over a file: a disk whose every request comes from the test's workload. */
    private record LoopDisk(String device, Path file) implements AutoCloseable {
        static LoopDisk create() throws Exception {
            Path file = Files.createTempFile(io.bpfx.engine.testing.NativeBuild.root().resolve("cli/target"), "loop", ".img");
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(8 << 20);
            }
            Process p = new ProcessBuilder("losetup", "-f", "--show", file.toString()).start();
            String dev = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor(), "losetup: " + new String(p.getErrorStream().readAllBytes()));
            return new LoopDisk(dev, file);
        }

        String name() {
            return Path.of(device).getFileName().toString();
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("losetup", "-d", device).inheritIO().start().waitFor();
            Files.deleteIfExists(file);
        }
    }

    @Test
    void biolatencyCountsEveryRequestToADisk() throws Exception {
        try (LoopDisk disk = LoopDisk.create(); Workload w = Workload.start("toolops", "dio", "16", disk.device())) {
            BpfxProcess.Result r = trace(w, "biolatency", l -> false, 0, "-d", disk.name());
            assertEquals("Tracing block device I/O... Hit Ctrl-C to end.", r.stdout().get(0));
            assertEquals(16, histogramTotal(r.stdout(), "     usecs               : count     distribution"), r::toString);
        }
    }

    @Test
    void biosnoopShowsEveryRequestToADisk() throws Exception {
        Pattern row = Pattern.compile("([\\d.]+) +(\\S+) +(\\d+) +(\\S+) +(\\S) +(\\d+) +(\\d+) +([\\d.]+)");
        try (LoopDisk disk = LoopDisk.create(); Workload w = Workload.start("toolops", "dio", "16", disk.device())) {
            BpfxProcess.Result r = trace(w, "biosnoop", l -> l.contains(" " + disk.name() + " "), 16, "-d", disk.name());
            assertEquals("TIME(s)     COMM           PID     DISK      T SECTOR     BYTES   LAT(ms)", r.stdout().get(0));
            List<Matcher> ios = rows(r, row, m -> true);
            assertEquals(16, ios.size(), r::toString);
            for (int i = 0; i < 16; i++) {
                Matcher m = ios.get(i);
                assertEquals(List.of("toolops", Integer.toString(w.pid()), disk.name(), "W", Integer.toString(i * 8), "4096"),
                        List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)), m.group());
            }
        }
    }

    @Test
    void bitesizeCountsEveryRequestOfAProcessBySize() throws Exception {
        try (LoopDisk disk = LoopDisk.create(); Workload w = Workload.start("toolops", "dio", "16", disk.device())) {
            BpfxProcess.Result r = trace(w, "bitesize", l -> false, 0, "--comm", "toolops", "-d", disk.name());
            assertEquals(List.of("Tracing block I/O... Hit Ctrl-C to end.", "", "Process Name = toolops",
                    "     Kbytes              : count     distribution",
                    "         0 -> 1          : 0        |                                        |",
                    "         2 -> 3          : 0        |                                        |",
                    "         4 -> 7          : 16       |****************************************|"), r.stdout());
        }
    }

    @Test
    void oomkillShowsTheOneKillInASmallMemoryCgroup() throws Exception {
        // cgroup v1's memory controller, as this machine has it: a 16 MiB limit, a workload touching 64 MiB
        Path cgroup = Path.of("/sys/fs/cgroup/memory/bpfx-oomkill-" + ProcessHandle.current().pid());
        Files.createDirectories(cgroup);
        try (Workload w = Workload.start("toolops", "alloc", "64");
             BpfxProcess bpfx = Bpfx.command("run", "oomkill").start()) {
            Files.writeString(cgroup.resolve("memory.limit_in_bytes"), Integer.toString(16 << 20));
            Files.writeString(cgroup.resolve("cgroup.procs"), Integer.toString(w.pid()));
            bpfx.awaitAttached("oomkill");
            w.go();
            ProcessHandle h = ProcessHandle.of(w.pid()).orElseThrow();
            h.onExit().get(BpfxProcess.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            String kill = " OOM kill of PID " + w.pid() + " (\"toolops\"),";
            bpfx.awaitStdout(l -> l.contains(kill), 1, "of the OOM kill");
            BpfxProcess.Result r = interrupt(bpfx);
            assertEquals(3, r.stdout().size(), r::toString);
            assertEquals("Tracing OOM kills... Ctrl-C to stop.", r.stdout().get(0));
            assertTrue(r.stdout().get(1).matches("\\d\\d:\\d\\d:\\d\\d Triggered by PID " + w.pid()
                    + " \\(\"toolops\"\\), OOM kill of PID " + w.pid() + " \\(\"toolops\"\\),"), r::toString);
            assertTrue(r.stdout().get(2).matches(" {9}\\d+ pages, loadavg: [\\d.]+ [\\d.]+ [\\d.]+ \\d+/\\d+ \\d+"), r::toString);
            assertUnder80Columns(r.stdout());
        } finally {
            // the cgroup goes once its processes are gone
            for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
                try {
                    Files.delete(cgroup);
                } catch (java.io.IOException busy) {
                    Thread.sleep(100);
                }
            }
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
