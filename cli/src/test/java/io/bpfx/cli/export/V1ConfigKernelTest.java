package io.bpfx.cli.export;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ebpf_exporter v1 configs ({@code --config.file}, BCC C inside the YAML) on the real
 * kernel: workloads this test drives give exact counts on /metrics under v1's names.
 */
class V1ConfigKernelTest {
    static final long N = 300;

    static Path resource(String name) throws Exception {
        return Path.of(V1ConfigKernelTest.class.getResource("/export/v1/" + name).toURI());
    }

    static ExporterProcess start(Path config, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("export", "--config.file", config.toString(),
                "--listen", "127.0.0.1:0"));
        args.addAll(List.of(more));
        return ExporterProcess.start(config.getParent(), args.toArray(new String[0]));
    }

    /** Scrapes until {@code name{labels}} reaches {@code want} (the tables are read live). */
    static Exposition awaitValue(ExporterProcess exporter, String name, Map<String, String> labels, double want)
            throws Exception {
        Exposition e = null;
        for (int i = 0; i < 50; i++) {
            e = new Exposition(exporter.metrics());
            if (e.value(name, labels).orElse(-1) == want) break;
            Thread.sleep(100);
        }
        return e;
    }

    @Test
    void seedTimersConfigRunsUnchanged() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess exporter = start(resource("timers.yaml"))) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (timers)"), 90_000);
            List<Exposition.Sample> timers = List.of();
            for (int i = 0; i < 50 && timers.isEmpty(); i++) {
                Thread.sleep(200); // the kernel starts timers all the time
                timers = new Exposition(exporter.metrics()).find("ebpf_exporter_timer_start_total", Map.of());
            }
            assertFalse(timers.isEmpty(), "timer:timer_start counted");
            for (Exposition.Sample s : timers) {
                assertTrue(s.labels().get("function").matches("[A-Za-z_][A-Za-z0-9_.]*"),
                        "ksym decoded the timer function: " + s.labels());
                assertTrue(s.value() >= 1);
            }
            Exposition e = new Exposition(exporter.metrics());
            assertEquals(OptionalDouble.of(1), e.value("ebpf_exporter_enabled_programs", Map.of("name", "timers")));
            List<Exposition.Sample> programs = e.find("ebpf_exporter_ebpf_programs", Map.of("program", "timers"));
            assertEquals(1, programs.size(), "v1's program info: " + programs);
            assertEquals("tracepoint__timer__timer_start", programs.get(0).labels().get("function"));
            assertTrue(programs.get(0).labels().get("tag").matches("[0-9a-f]{16}"), programs.get(0).labels().toString());
            String id = e.find("ebpf_exporter_ebpf_program_info", Map.of("config", "timers")).get(0).labels().get("id");
            assertEquals(OptionalDouble.of(1), e.value("ebpf_exporter_ebpf_program_attached", Map.of("id", id)));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    @Test
    void twoProgramsTracepointRawTracepointAndHistogramGiveExactCounts() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess exporter = start(resource("syscalls.yaml"), "--debug")) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (sys_enter)"), 120_000);
            String pid;
            try (Workload w = Workload.start("syscall_loop", Long.toString(N))) {
                pid = Integer.toString(w.pid());
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> byPid = Map.of("pid", pid, "syscall", "getppid");
            Exposition e = awaitValue(exporter, "ebpf_exporter_raw_syscalls_total", byPid, N);
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_raw_syscalls_total", byPid), "raw tracepoint + static_map");
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_getppid_calls_total", Map.of("comm", "syscall_loop")),
                    "tracepoint counted by comm");
            Map<String, String> hist = Map.of("pid", pid);
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_getppid_nth_call_count", hist));
            assertEquals(22, e.find("ebpf_exporter_getppid_nth_call_bucket", hist).size(), "buckets 0..20 and +Inf");
            // call k lands in bucket log2l(k) = floor(log2 k) + 1: le = 2^b holds calls 1 .. 2^b - 1
            for (int b = 0; b <= 20; b++) {
                String le = b < 20 ? Long.toString(1L << b) : "1.048576e+06";
                assertEquals(OptionalDouble.of(Math.min(N, (1L << b) - 1)), e.value("ebpf_exporter_getppid_nth_call_bucket",
                        Map.of("pid", pid, "le", le)), "le=" + le);
            }
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_getppid_nth_call_bucket", Map.of("pid", pid, "le", "+Inf")));
            assertEquals(OptionalDouble.of(1), e.value("ebpf_exporter_enabled_programs", Map.of("name", "sys_enter")));
            // v1's /tables debug page
            String tables = exporter.get("/tables").body();
            assertTrue(tables.startsWith("## Program: getppid_calls\n\n### Table: calls\n\n```\n"), tables);
            assertTrue(tables.contains(" ([syscall_loop]) -> " + N + ".000000\n"), tables);
            assertTrue(tables.contains("## Program: sys_enter\n\n### Table: syscalls\n"), tables);
            // a real Prometheus scrapes the v1 config and sees the same exact counts
            try (PrometheusServer prometheus = PrometheusServer.start(exporter.port())) {
                String q = "ebpf_exporter_raw_syscalls_total{pid=\"" + pid + "\",syscall=\"getppid\"}";
                assertEquals(N, prometheus.awaitValue(q, N, 60_000), q);
                String count = "ebpf_exporter_getppid_nth_call_count{pid=\"" + pid + "\"}";
                assertEquals(N, prometheus.awaitValue(count, N, 20_000), count);
            }
            assertEquals(OptionalDouble.of(0), e.value("ebpf_exporter_decoder_errors_total", Map.of("config", "getppid_calls")));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    @Test
    void upstreamEaddrinuseExampleCountsTheWorkloadsErrors() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess exporter = start(resource("upstream-eaddrinuse.yaml"))) {
            exporter.awaitLine(l -> l.startsWith("Attaching 2 probes (eadddrinuse)"), 90_000);
            try (Workload w = Workload.start("bindloop", Long.toString(N))) {
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> bind = Map.of("function", "bind");
            Exposition e = awaitValue(exporter, "ebpf_exporter_eadddrinuse_total", bind, N);
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_eadddrinuse_total", bind));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
    }

    /** Every tracepoint / raw tracepoint example of ebpf_exporter v1.2.5 starts and serves, unchanged. */
    @Test
    void upstreamTracepointExamplesStart() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        for (String name : List.of("bio-tracepoints", "cgroup", "mcevents", "timers-raw-tracepoints")) {
            try (ExporterProcess exporter = start(resource("upstream-" + name + ".yaml"))) {
                exporter.awaitLine(l -> l.startsWith("Attaching "), 90_000);
                Exposition e = new Exposition(exporter.metrics());
                assertFalse(e.find("ebpf_exporter_enabled_programs", Map.of()).isEmpty(), name);
                assertEquals(0, exporter.terminate(15_000), name + ": " + String.join("\n", exporter.stderr()));
            }
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    @Test
    void kprobeAndHardwareExamplesFailWithOneLine() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess exporter = start(resource("upstream-runqlat.yaml"))) {
            assertEquals(1, exporter.awaitExit(90_000));
            List<String> err = exporter.stderr().stream().filter(l -> !l.startsWith("Serving metrics")).toList();
            assertEquals(1, err.size(), String.join("\n", err));
            assertTrue(err.get(0).contains("program runqlat: kprobes.") && err.get(0).contains("this kernel has no kprobes"), err.get(0));
        }
        try (ExporterProcess exporter = start(resource("upstream-llcstat.yaml"))) {
            assertEquals(1, exporter.awaitExit(90_000));
            List<String> err = exporter.stderr().stream().filter(l -> !l.startsWith("Serving metrics")).toList();
            assertEquals(1, err.size(), String.join("\n", err));
            assertTrue(err.get(0).contains("program llcstat: perf_events[0]") && err.get(0).contains("no PMU"), err.get(0));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    /** bpfx convert's script and the config it came from, attached together, count one workload alike. */
    @Test
    void convertedScriptServesTheSameSeriesAsItsConfig() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path out = Files.createTempDirectory("bpfx-convert");
        io.bpfx.exporter.convert.ConfigConverter.Converted c =
                io.bpfx.exporter.convert.ConfigConverter.convert(resource("syscalls.yaml"), out);
        for (Map.Entry<String, String> f : c.files().entrySet()) Files.writeString(out.resolve(f.getKey()), f.getValue());
        try (ExporterProcess config = start(resource("syscalls.yaml"));
             ExporterProcess script = ExporterProcess.start(out, "export", out.resolve(c.script()).toString(),
                     "--listen", "127.0.0.1:0")) {
            config.awaitLine(l -> l.startsWith("Attaching 1 probe (sys_enter)"), 120_000);
            script.awaitLine(l -> l.startsWith("Attaching 1 probe (sys_enter)"), 120_000);
            String pid;
            try (Workload w = Workload.start("syscall_loop", Long.toString(N))) {
                pid = Integer.toString(w.pid());
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> byPid = Map.of("pid", pid, "syscall", "getppid");
            Exposition fromConfig = awaitValue(config, "ebpf_exporter_raw_syscalls_total", byPid, N);
            Exposition fromScript = awaitValue(script, "bpfx_raw_syscalls_total", byPid, N);
            int compared = 0;
            for (String metric : List.of("raw_syscalls_total", "getppid_calls_total", "getppid_nth_call_bucket",
                    "getppid_nth_call_count", "getppid_nth_call_sum")) {
                for (Exposition.Sample s : fromConfig.find("ebpf_exporter_" + metric, Map.of())) {
                    boolean ours = pid.equals(s.labels().get("pid")) || "syscall_loop".equals(s.labels().get("comm"));
                    if (!ours) continue;
                    assertEquals(OptionalDouble.of(s.value()), fromScript.value("bpfx_" + metric, s.labels()),
                            metric + s.labels());
                    compared++;
                }
            }
            // getppid by comm, 22 buckets + count + sum, and the raw tracepoint's every syscall of the workload
            assertTrue(compared >= 1 + 22 + 1 + 1 + 1, "every series of the workload compared: " + compared);
            assertEquals(0, config.terminate(15_000), String.join("\n", config.stderr()));
            assertEquals(0, script.terminate(15_000), String.join("\n", script.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    @Test
    void perfMapCounterCountsEveryRecord() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        try (ExporterProcess exporter = start(resource("perfmap.yaml"))) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (perfmap)"), 90_000);
            try (Workload w = Workload.start("syscall_loop", Long.toString(N))) {
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> comm = Map.of("comm", "syscall_loop");
            Exposition e = awaitValue(exporter, "ebpf_exporter_getppid_events_total", comm, N);
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_getppid_events_total", comm));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }

    static List<String> failure(Path config) throws Exception {
        try (ExporterProcess exporter = start(config)) {
            assertEquals(1, exporter.awaitExit(120_000), String.join("\n", exporter.stderr()));
            return exporter.stderr().stream().filter(l -> !l.startsWith("Serving metrics")).toList();
        }
    }

    /** Mistakes only BCC or the kernel can see: one line each, exit 1, nothing left attached. */
    @Test
    void compileErrorsKeySizesAndMissingTracepointsAreOneLine() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path dir = Files.createTempDirectory("bpfx-v1-bad");
        String timers = Files.readString(resource("timers.yaml"));

        Path compile = dir.resolve("compile.yaml");
        Files.writeString(compile, timers.replace("counts.increment((u64) args->function);",
                "counts.increment((u64) args->function); undeclared_thing++;"));
        assertEquals(List.of("bpfx: " + compile + ":20: program timers: code line 5: use of undeclared identifier "
                + "'undeclared_thing'"), failure(compile));

        Path size = dir.resolve("size.yaml");
        Files.writeString(size, timers.replace("size: 8", "size: 4"));
        assertEquals(List.of("bpfx: " + size + ": program timers: metrics.counters[0].labels: the key of table counts "
                + "is 8 bytes, but the label sizes add up to 4 (function 4)"), failure(size));

        Path tp = dir.resolve("tp.yaml");
        Files.writeString(tp, timers.replace("timer:timer_start: tracepoint__timer__timer_start",
                "timer:timer_begin: tracepoint__timer__timer_start"));
        List<String> err = failure(tp);
        assertEquals(1, err.size(), String.join("\n", err));
        assertTrue(err.get(0).startsWith("bpfx: " + tp + ": program timers: tracepoints.timer:timer_begin: "), err.get(0));
        assertTrue(err.get(0).contains("timer_begin"), err.get(0));
        assertEquals(null, BpfState.leakedSinceSettled(before), "nothing left loaded or linked");
    }
}
