package io.bpfx.bench;

import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.LuaCallbacks;
import io.bpfx.dsl.MapView;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptHost;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.ScriptRunner;
import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.session.Session;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events from the kernel into a user-space callback, per second, with loss: bpfx (a Lua
 * on_event callback that counts, or that also reads three fields), bpftrace (printf per event,
 * {@code unroll(N)} for bursts) and BCC's Python (a perf buffer callback, a loop of N
 * {@code perf_submit}) on the same workload in one run: the getppid() tracepoint of one
 * syscall_loop process, paced (one event per syscall at a set rate) or bursted (N records per
 * syscall, unpaced). bpfx's producer is native/bpf/bench_ringbuf.bpf.c (64-byte records,
 * bpf_loop); BCC's emits the same 64-byte record. "offered/s" is what the producer managed;
 * "delivered/s" counts from "go" to the last record the consumer saw. "CPU ns/event" is the
 * consumer's CPU per delivered event (bpfx: the Lua thread, which also spins briefly while
 * records flow; the tools: the whole process), so 1e9 / it is the consumer's ceiling.
 *
 *   java -cp bench/target/bpfx-bench.jar io.bpfx.bench.LuaEventBench [events] [all|bpfx-only] [repeats]
 */
public final class LuaEventBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One consumer's figures for one producer. */
    record Result(String consumer, String producer, long offered, double offeredRate, long delivered,
                  double deliveredRate, long lost, double cpuNsPerEvent, String spread, String lostText) {
        Result(String consumer, String producer, long offered, double offeredRate, long delivered,
               double deliveredRate, long lost, double cpuNsPerEvent) {
            this(consumer, producer, offered, offeredRate, delivered, deliveredRate, lost, cpuNsPerEvent, "",
                    String.valueOf(lost));
        }
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        boolean all = !(args.length > 1 && args[1].equals("bpfx-only"));
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long toolEvents = Math.min(events, 300_000); // the tools deliver ~0.1 M/s: keep their rows short
        List<String[]> rows = new ArrayList<>();
        if (args.length > 1 && args[1].startsWith("one:")) { // one:BURST:fields|trivial, e.g. under a profiler
            String[] f = args[1].split(":");
            int burst = Integer.parseInt(f[1]);
            addRows(rows, List.of(bpfx(events, burst, 0, f[2].equals("fields"), repeats, "burst " + burst)));
            BenchSupport.table("Events into a Lua callback", new String[] {"consumer", "producer", "events", "offered/s",
                    "delivered/s", "min-max", "lost", "CPU ns/event", "vs bpftrace"}, rows);
            return;
        }
        // paced: one event per syscall at a set rate; bursted: N records per syscall, as fast as it goes
        for (long rate : new long[] {250_000, 1_000_000}) {
            String producer = "paced " + BenchSupport.fmt(rate) + "/s";
            List<Result> group = new ArrayList<>();
            group.add(bpfx(events, 1, rate, false, repeats, producer));
            group.add(bpfx(events, 1, rate, true, repeats, producer));
            if (all) {
                group.add(bpftrace(toolEvents, 1, rate, producer));
                group.add(bccPython(toolEvents, 1, rate, producer));
            }
            addRows(rows, group);
        }
        for (int burst : all ? new int[] {16, 64} : new int[] {1, 4, 16, 64, 256}) {
            String producer = "burst " + burst;
            List<Result> group = new ArrayList<>();
            group.add(bpfx(events, burst, 0, false, repeats, producer));
            group.add(bpfx(events, burst, 0, true, repeats, producer));
            if (all) {
                group.add(bpftrace(toolEvents, burst, 0, producer));
                group.add(bccPython(toolEvents, burst, 0, producer));
            }
            addRows(rows, group);
        }
        BenchSupport.table("Events into a user-space callback: getppid() tracepoint, syscall_loop workload"
                        + " (bpfx: median of " + repeats + ", min-max beside it)",
                new String[] {"consumer", "producer", "events", "offered/s", "delivered/s", "min-max", "lost",
                        "CPU ns/event", "vs bpftrace"}, rows);
    }

    /** The rows of one producer, with each consumer's delivered/s against bpftrace's. */
    private static void addRows(List<String[]> rows, List<Result> group) {
        double bpftrace = group.stream().filter(r -> r.consumer.startsWith("bpftrace")).mapToDouble(Result::deliveredRate)
                .findFirst().orElse(0);
        for (Result r : group) {
            rows.add(new String[] {r.consumer, r.producer, String.valueOf(r.offered), BenchSupport.fmt(r.offeredRate),
                    BenchSupport.fmt(r.deliveredRate), r.spread, r.lostText, String.format("%.0f", r.cpuNsPerEvent),
                    bpftrace > 0 ? String.format("x%.2f", r.deliveredRate / bpftrace) : ""});
        }
    }

    /** bpfx, {@code repeats} times: the median delivered/s, its min-max, the most lost. */
    static Result bpfx(long events, int burst, long rate, boolean fields, int repeats, String producer) throws Exception {
        Result[] runs = new Result[repeats];
        for (int i = 0; i < repeats; i++) runs[i] = bpfxOnce(events / burst, burst, rate, fields, producer);
        double[] rates = Arrays.stream(runs).mapToDouble(Result::deliveredRate).sorted().toArray();
        long maxLost = Arrays.stream(runs).mapToLong(Result::lost).max().orElse(0);
        return new Result(runs[0].consumer, producer, runs[0].offered,
                BenchSupport.median(Arrays.stream(runs).mapToDouble(Result::offeredRate).toArray()), runs[0].delivered,
                BenchSupport.median(rates), maxLost,
                BenchSupport.median(Arrays.stream(runs).mapToDouble(Result::cpuNsPerEvent).toArray()),
                BenchSupport.fmt(rates[0]) + "-" + BenchSupport.fmt(rates[rates.length - 1]),
                repeats > 1 ? maxLost + " (max)" : String.valueOf(maxLost));
    }

    /** A ScriptHost that says "go" to the workload once the target is attached, and ends when it is done. */
    static final class DrivingHost implements ScriptHost {
        final EngineHost inner;
        final BenchSupport.Workload w;
        long t0, producerEnd, lastDelivery;

        DrivingHost(EngineHost inner, BenchSupport.Workload w) {
            this.inner = inner;
            this.w = w;
        }

        public void prepare(ScriptModel m, LuaCallbacks c) { inner.prepare(m, c); }
        public void run(String t) {
            inner.run(t);
            try {
                t0 = System.nanoTime();
                w.go();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        public void stop(String t) { inner.stop(t); }
        public boolean isRunning(String t) { return inner.isRunning(t); }
        public boolean anyRunning() {
            if (w.finished() && producerEnd == 0) producerEnd = System.nanoTime();
            if (w.finished()) {
                long before = System.nanoTime();
                // done: the producer exited and a last look found nothing more (everything came before `before`)
                if (inner.session().poll(50) == 0) {
                    if (lastDelivery == 0) lastDelivery = before;
                    return false;
                }
                lastDelivery = System.nanoTime();
            }
            return inner.anyRunning();
        }
        public void sleep(long ms) { inner.sleep(ms); }
        public void awaitEnd(long ms) { // short waits: anyRunning watches the workload
            if (inner.session().poll(Math.min(ms, 2)) > 0) lastDelivery = System.nanoTime();
        }
        public MapView map(String t, String m) { return inner.map(t, m); }
        public void exit(int code) { inner.exit(code); }
        public void overrideValues(String t, Map<String, Object> v) { inner.overrideValues(t, v); }
    }

    static Result bpfxOnce(long calls, int burst, long rate, boolean fields, String producer) throws Exception {
        Path script = Files.createTempFile("bpfx-bench", ".lua");
        try (InputStream in = LuaEventBench.class.getResourceAsStream("/bench/lua_events.lua")) {
            Files.write(script, in.readAllBytes());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls), String.valueOf(rate));
             Session session = new Session(new BpfCompiler(BpfCompiler.defaultCacheDir()),
                     new AttachPlaces(() -> new UprobeLocator(LibraryResolver.system()), s -> { }))) {
            RunOptions opts = RunOptions.defaults().withOutput(new PrintStream(out), new PrintStream(err))
                    .withConfig(Map.of("src", BenchSupport.root().resolve("native/bpf/bench_ringbuf.bpf.c").toString(),
                            "pid", (long) w.pid, "burst", (long) burst, "fields", fields));
            EngineHost engine = new EngineHost(session, EngineHost.Options.defaults(), new PrintStream(err));
            DrivingHost host = new DrivingHost(engine, w);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            new ScriptRunner(opts).run(script, new String[0], host);
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            engine.exit(0); // runs on_stop, which prints the count
            if (out.size() == 0) throw new IllegalStateException("no count printed: " + err);
            long delivered = Long.parseLong(out.toString(StandardCharsets.UTF_8).strip());
            long offered = calls * burst;
            Matcher lost = Pattern.compile("lost (\\d+) events").matcher(err.toString(StandardCharsets.UTF_8));
            long lostN = 0;
            while (lost.find()) lostN += Long.parseLong(lost.group(1));
            if (delivered + lostN != offered) {
                throw new IllegalStateException("bpfx: " + delivered + " delivered + " + lostN + " lost != " + offered + " offered");
            }
            return new Result(fields ? "bpfx Lua, 3 fields" : "bpfx Lua", producer, offered,
                    offered / ((host.producerEnd - host.t0) / 1e9), delivered,
                    delivered / ((host.lastDelivery - host.t0) / 1e9), lostN, delivered == 0 ? 0 : (double) cpu / delivered);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Result bpftrace(long events, int burst, long rate, String producer) throws Exception {
        long calls = events / burst;
        try (BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls), String.valueOf(rate))) {
            String print = "printf(\"%d\\n\", pid);";
            Process p = new ProcessBuilder("bpftrace", "-e", "tracepoint:syscalls:sys_enter_getppid /pid == " + w.pid
                    + "/ { " + (burst > 1 ? "unroll(" + burst + ") { " + print + " }" : print) + " }")
                    .redirectErrorStream(true).start();
            return external(burst > 1 ? "bpftrace unroll printf" : "bpftrace printf", producer, p, w, calls, burst);
        }
    }

    static Result bccPython(long events, int burst, long rate, String producer) throws Exception {
        long calls = events / burst;
        String py = String.join("\n",
                "import sys, time, signal",
                "signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored",
                "from bcc import BPF",
                "pid, burst = int(sys.argv[1]), int(sys.argv[2])",
                "b = BPF(text='''",
                "struct ev { u64 seq; u32 pid; u32 cpu; u64 pad[6]; };",
                "BPF_PERF_OUTPUT(events);",
                "TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {",
                "  if ((bpf_get_current_pid_tgid() >> 32) != PID) return 0;",
                "  struct ev e = { .pid = PID, .cpu = bpf_get_smp_processor_id() };",
                "  #pragma unroll",
                "  for (int i = 0; i < BURST; i++) { e.seq = i; events.perf_submit(args, &e, sizeof(e)); }",
                "  return 0; }",
                "''', cflags=['-DPID=%d' % pid, '-DBURST=%d' % burst])",
                "n = [0, 0]; lost = [0]",
                "def cb(cpu, data, size):",
                "  n[0] += 1; n[1] = time.time_ns()",
                "def lostcb(c): lost[0] += c",
                "b['events'].open_perf_buffer(cb, page_cnt=1024, lost_cb=lostcb)",
                "print('Attaching', flush=True)",
                "try:",
                "  while True: b.perf_buffer_poll(200)",
                "except KeyboardInterrupt: pass",
                "print('delivered', n[0], n[1]); print('Lost %d events' % lost[0], flush=True)");
        Path f = Files.createTempFile("bpfx-bench", ".py");
        Files.writeString(f, py);
        try (BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls), String.valueOf(rate))) {
            Process p = new ProcessBuilder("/usr/bin/python3", f.toString(), String.valueOf(w.pid), String.valueOf(burst))
                    .redirectErrorStream(true).start();
            return external(burst > 1 ? "BCC python, loop perf_submit" : "BCC python perf_submit", producer, p, w, calls, burst);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /**
     * Waits for the tool to attach, runs the workload, lets the tool drain for a second, stops it
     * with SIGINT and counts its lines (or reads its count and the time of its last callback).
     */
    static Result external(String name, String producer, Process p, BenchSupport.Workload w, long calls, int burst)
            throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        StringBuilder head = new StringBuilder();
        while ((line = out.readLine()) != null && !line.contains("Attaching")) head.append(line).append('\n');
        if (line == null) throw new IllegalStateException(name + " did not start: " + head);
        long[] count = {0}, lost = {0}, delivered = {-1}, lastLineNanos = {0}, lastEpochNanos = {0};
        Pattern lostP = Pattern.compile("Lost (\\d+) events");
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    Matcher m = lostP.matcher(l);
                    if (m.find()) {
                        lost[0] += Long.parseLong(m.group(1));
                    } else if (l.startsWith("delivered ")) {
                        String[] f = l.split(" ");
                        delivered[0] = Long.parseLong(f[1]);
                        lastEpochNanos[0] = Long.parseLong(f[2]);
                    } else if (!l.isEmpty() && Character.isDigit(l.charAt(0))) {
                        count[0]++;
                        lastLineNanos[0] = System.nanoTime();
                    }
                }
            } catch (IOException ignored) {
                // the tool ended
            }
        });
        reader.start();
        double cpu0 = BenchSupport.cpuMillis(p.toHandle());
        long t0 = System.nanoTime();
        long epoch0 = System.currentTimeMillis() * 1_000_000L;
        w.go();
        w.process.waitFor();
        long producerEnd = System.nanoTime();
        Thread.sleep(1000); // let the tool drain
        double cpu = BenchSupport.cpuMillis(p.toHandle()) - cpu0;
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        p.waitFor();
        reader.join();
        long got = delivered[0] >= 0 ? delivered[0] : count[0];
        double secs = delivered[0] >= 0 ? (lastEpochNanos[0] - epoch0) / 1e9 : (lastLineNanos[0] - t0) / 1e9;
        long offered = calls * burst;
        return new Result(name, producer, offered, offered / ((producerEnd - t0) / 1e9), got,
                secs > 0 ? got / secs : 0, lost[0], got == 0 ? 0 : cpu * 1e6 / got);
    }
}
