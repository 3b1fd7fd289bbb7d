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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events into a trivial Lua callback, per second, with loss; and the same
 * tracepoint + workload (one event per getppid() of one process) through
 * bpftrace (printf per event) and BCC's Python (perf buffer callback), run
 * one after the other on this machine.
 *
 *   java -cp bench/target/bpfx-bench.jar io.bpfx.bench.LuaEventBench [calls]
 */
public final class LuaEventBench {
    public static void main(String[] args) throws Exception {
        long calls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        List<String[]> rows = new ArrayList<>();
        // paced offered rates (one event per syscall), then unpaced bursts for the ceiling
        for (long rate : new long[] {250_000, 500_000, 1_000_000, 1_500_000, 2_000_000}) rows.add(bpfx(calls, 1, rate));
        for (int burst : new int[] {1, 4, 16}) rows.add(bpfx(calls / burst, burst, 0));
        rows.add(bpfx(calls / 16, 16, 0, true)); // the callback reads three fields
        if (!(args.length > 1 && args[1].equals("bpfx-only"))) {
                for (long rate : new long[] {250_000, 500_000, 1_000_000}) {
                rows.add(bpftrace(calls, rate));
                rows.add(bccPython(calls, rate));
            }
        }
        BenchSupport.table("Events into a user-space callback: getppid() tracepoint, syscall_loop workload",
                new String[] {"consumer", "burst", "events", "offered/s", "delivered", "delivered/s", "lost"}, rows);
    }

    /** A ScriptHost that says "go" to the workload once the target is attached, and ends when it is done. */
    static final class DrivingHost implements ScriptHost {
        final EngineHost inner;
        final BenchSupport.Workload w;
        long t0, producerEnd;

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
            // done: the producer exited and a last poll found nothing more
            return !(w.finished() && inner.session().poll(50) == 0) && inner.anyRunning();
        }
        public void sleep(long ms) { inner.sleep(ms); }
        public MapView map(String t, String m) { return inner.map(t, m); }
        public void exit(int code) { inner.exit(code); }
        public void overrideValues(String t, Map<String, Object> v) { inner.overrideValues(t, v); }
    }

    static String[] bpfx(long calls, int burst, long rate) throws Exception {
        return bpfx(calls, burst, rate, false);
    }

    static String[] bpfx(long calls, int burst, long rate, boolean fields) throws Exception {
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
            new ScriptRunner(opts).run(script, new String[0], host);
            long end = System.nanoTime();
            engine.exit(0); // runs on_stop, which prints the count
            if (out.size() == 0) throw new IllegalStateException("no count printed: " + err);
            long delivered = Long.parseLong(out.toString(StandardCharsets.UTF_8).strip());
            long offered = calls * burst;
            Matcher lost = Pattern.compile("lost (\\d+) events").matcher(err.toString(StandardCharsets.UTF_8));
            long lostN = 0;
            while (lost.find()) lostN += Long.parseLong(lost.group(1));
            return new String[] {"bpfx Lua" + (rate > 0 ? " paced" : "") + (fields ? " 3 fields" : ""), String.valueOf(burst), String.valueOf(offered),
                    BenchSupport.fmt(offered / ((host.producerEnd - host.t0) / 1e9)), String.valueOf(delivered),
                    BenchSupport.fmt(delivered / ((end - host.t0) / 1e9)), String.valueOf(lostN)};
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static String[] bpftrace(long calls, long rate) throws Exception {
        try (BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls), String.valueOf(rate))) {
            Process p = new ProcessBuilder("bpftrace", "-e",
                    "tracepoint:syscalls:sys_enter_getppid /pid == " + w.pid + "/ { printf(\"%d\\n\", pid); }")
                    .redirectErrorStream(true).start();
            return external("bpftrace printf", p, w, calls, "Attaching", "Lost (\\d+) events");
        }
    }

    static String[] bccPython(long calls, long rate) throws Exception {
        String py = String.join("\n",
                "import sys, ctypes",
                "from bcc import BPF",
                "pid = int(sys.argv[1])",
                "b = BPF(text='''",
                "struct ev { u32 pid; u64 n; };",
                "BPF_PERF_OUTPUT(events);",
                "TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {",
                "  if ((bpf_get_current_pid_tgid() >> 32) != %d) return 0;" ,
                "  struct ev e = { .pid = %d }; events.perf_submit(args, &e, sizeof(e)); return 0; }",
                "''' % (pid, pid))",
                "n = [0]; lost = [0]",
                "def cb(cpu, data, size): n[0] += 1",
                "def lostcb(c): lost[0] += c",
                "b['events'].open_perf_buffer(cb, page_cnt=1024, lost_cb=lostcb)",
                "print('Attaching', flush=True)",
                "import select",
                "try:",
                "  while True: b.perf_buffer_poll(200)",
                "except KeyboardInterrupt: pass",
                "print('delivered', n[0]); print('Lost %d events' % lost[0], flush=True)");
        Path f = Files.createTempFile("bpfx-bench", ".py");
        Files.writeString(f, py);
        try (BenchSupport.Workload w = new BenchSupport.Workload("syscall_loop", String.valueOf(calls), String.valueOf(rate))) {
            Process p = new ProcessBuilder("/usr/bin/python3", f.toString(), String.valueOf(w.pid)).redirectErrorStream(true).start();
            return external("BCC python", p, w, calls, "Attaching", "Lost (\\d+) events");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Waits for the tool to attach, runs the workload, stops the tool with SIGINT, counts its lines. */
    static String[] external(String name, Process p, BenchSupport.Workload w, long calls, String ready, String lostRe)
            throws Exception {
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        String line;
        StringBuilder head = new StringBuilder();
        while ((line = out.readLine()) != null && !line.contains(ready)) head.append(line).append('\n');
        if (line == null) throw new IllegalStateException(name + " did not start: " + head);
        long[] count = {0};
        long[] lost = {0};
        long[] delivered = {-1};
        Pattern lostP = Pattern.compile(lostRe);
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    Matcher m = lostP.matcher(l);
                    if (m.find()) lost[0] += Long.parseLong(m.group(1));
                    else if (l.startsWith("delivered ")) delivered[0] = Long.parseLong(l.substring(10).trim());
                    else if (!l.isEmpty() && Character.isDigit(l.charAt(0))) count[0]++;
                }
            } catch (IOException ignored) {
                // the tool ended
            }
        });
        reader.start();
        long t0 = System.nanoTime();
        w.go();
        w.process.waitFor();
        long producerEnd = System.nanoTime();
        Thread.sleep(1000); // let the tool drain
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        p.waitFor();
        reader.join();
        long got = delivered[0] >= 0 ? delivered[0] : count[0];
        double secs = (producerEnd - t0) / 1e9;
        return new String[] {name, "1", String.valueOf(calls), BenchSupport.fmt(calls / secs), String.valueOf(got),
                BenchSupport.fmt(got / secs) + " (producer-timed)", String.valueOf(lost[0])};
    }
}
