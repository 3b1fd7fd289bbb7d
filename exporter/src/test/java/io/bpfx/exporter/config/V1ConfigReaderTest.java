package io.bpfx.exporter.config;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.MetricSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V1ConfigReaderTest {

    /** Seed 000's config, as ebpf_exporter v1's examples/timers.yaml. */
    static final String TIMERS = """
            programs:
              - name: timers
                metrics:
                  counters:
                    - name: timer_start_total
                      help: Timers fired in the kernel
                      table: counts
                      labels:
                        - name: function
                          size: 8
                          decoders:
                            - name: ksym
                tracepoints:
                  timer:timer_start: tracepoint__timer__timer_start
                code: |
                  BPF_HASH(counts, u64);

                  // Generates function tracepoint__timer__timer_start
                  TRACEPOINT_PROBE(timer, timer_start) {
                      counts.increment((u64) args->function);
                      return 0;
                  }
            """;

    static final String TWO = """
            programs:
              - name: lat
                metrics:
                  histograms:
                    - name: lat_seconds
                      help: Latency
                      table: hist
                      bucket_type: fixed
                      bucket_keys: [1, 5, 10]
                      bucket_multiplier: 0.001
                      labels:
                        - name: bucket
                          size: 8
                          decoders:
                            - name: uint
                raw_tracepoints:
                  sched_switch: raw_tracepoint__sched_switch
                perf_events:
                  - type: 0x1
                    name: 0x0
                    target: on_tick
                    sample_frequency: 99
                cflags: [-DMAX=10, -I/usr/include]
                code: |
                  BPF_HASH(hist, u64);
                  RAW_TRACEPOINT_PROBE(sched_switch) { return 0; }
                  int on_tick(void *ctx) { return 0; }
              - name: errs
                metrics:
                  counters:
                    - name: errors_total
                      help: Errors
                      perf_map: events
                      labels:
                        - name: code
                          size: 4
                          decoders:
                            - name: uint
                kprobes:
                  tcp_v4_connect: count_it
                kretprobes:
                  tcp_v4_connect: count_ret
                code: |
                  BPF_PERF_OUTPUT(events);
                  int count_it(struct pt_regs *ctx) { return 0; }
                  int count_ret(struct pt_regs *ctx) { return 0; }
            """;

    static String bad(String yaml) {
        return assertThrows(BpfxException.class, () -> V1ConfigReader.parse("t.yaml", yaml)).getMessage();
    }

    @Test
    void readsTheSeedsTimersConfig() {
        V1Config cfg = V1ConfigReader.parse("timers.yaml", TIMERS);
        V1Config.Program p = cfg.programs().get(0);
        assertEquals("timers", p.name());
        assertEquals(Map.of("timer:timer_start", "tracepoint__timer__timer_start"), p.tracepoints());
        assertEquals(15, p.codeLine(), "the `code: |` line: C line 1 is YAML line 16");
        assertTrue(p.code().startsWith("BPF_HASH(counts, u64);\n"));
        List<MetricSpec> specs = V1Config.metricSpecs(p, "ebpf_exporter", 0);
        assertEquals("ebpf_exporter_timer_start_total", specs.get(0).name());
        assertEquals("counts", specs.get(0).mapName());
        assertEquals(8, specs.get(0).expectedKeySize());
        assertEquals("ksym", specs.get(0).labels().get(0).decoders().get(0).name());
    }

    @Test
    void readsEveryProbeKindAndMetricKind() {
        V1Config cfg = V1ConfigReader.parse("two.yaml", TWO);
        V1Config.Program lat = cfg.programs().get(0);
        assertEquals(BucketType.FIXED, lat.histograms().get(0).bucketType());
        assertEquals(List.of(1.0, 5.0, 10.0), lat.histograms().get(0).bucketKeys());
        assertEquals(new V1Config.PerfEvent(1, 0, "on_tick", 0, 99), lat.perfEvents().get(0));
        assertEquals(List.of("-DMAX=10", "-I/usr/include"), lat.cflags());
        assertEquals(List.of("raw_tracepoint__sched_switch", "on_tick"), lat.probeFunctions());
        V1Config.Program errs = cfg.programs().get(1);
        assertEquals("events", errs.counters().get(0).perfMap());
        assertEquals(Map.of("tcp_v4_connect", "count_ret"), errs.kretprobes());
        MetricSpec events = V1Config.metricSpecs(errs, "ebpf_exporter", 0).get(0);
        assertTrue(events.fromEvents());
        assertEquals(V1Config.DEFAULT_FLUSH, events.flushInterval());
    }

    @Test
    void aLastLabelNamedCpuIsAKeyFieldInV1() {
        V1Config cfg = V1ConfigReader.parse("llc.yaml", TIMERS.replace("name: function", "name: cpu"));
        MetricSpec spec = V1Config.metricSpecs(cfg.programs().get(0), "ebpf_exporter", 0).get(0);
        assertEquals("cpu", spec.labels().get(0).name());
        assertEquals(8, spec.expectedKeySize());
    }

    @Test
    void plansCompileTheCodeWithCflagsAndAttachWhereTheConfigSays(@TempDir Path dir) throws Exception {
        V1Config cfg = V1ConfigReader.parse("two.yaml", TWO.substring(0, TWO.indexOf("  - name: errs")));
        V1TargetPlans.Prepared p = V1TargetPlans.prepare(cfg, dir, "ebpf_exporter", 0).get(0);
        TargetPlan plan = p.plan();
        assertEquals("bcc", plan.toolchain);
        assertEquals(List.of(dir.resolve("lat.c")), plan.files);
        assertEquals(cfg.programs().get(0).code(), Files.readString(dir.resolve("lat.c")));
        assertEquals(List.of("MAX=10"), plan.defines);
        assertEquals(List.of(Path.of("/usr/include")), plan.includeDirs);
        assertEquals(2, plan.attachments.size());
        assertEquals("sched_switch", plan.attachments.get(0).place());
        assertEquals("cpu-clock", plan.attachments.get(1).place(), "type 1 config 0 is the software cpu-clock");
        assertEquals(Map.of("frequency", 99L), plan.attachments.get(1).opts());
    }

    @Test
    void compileErrorsPointIntoTheYaml(@TempDir Path dir) {
        V1Config cfg = V1ConfigReader.parse("timers.yaml", TIMERS);
        V1TargetPlans.Prepared p = V1TargetPlans.prepare(cfg, dir, "ebpf_exporter", 0).get(0);
        BpfxException e = new BpfxException.BadInput(p.codeFile() + ":5: use of undeclared identifier 'countz'");
        assertEquals("timers.yaml:20: program timers: code line 5: use of undeclared identifier 'countz'",
                V1TargetPlans.translate(e, p).getMessage());
        BpfxException headers = new BpfxException.NotFound(p.codeFile() + ": no kernel headers for 6.18");
        assertEquals("timers.yaml: program timers: code: no kernel headers for 6.18",
                V1TargetPlans.translate(headers, p).getMessage());
        assertTrue(V1TargetPlans.translate(headers, p) instanceof BpfxException.NotFound);
    }

    @Test
    void badInputIsOneLineNamingFileProgramAndKey() {
        assertTrue(bad("programs: [\n  - name: x\n   bad").startsWith("t.yaml: invalid YAML at line"), bad("programs: [\n  - name: x\n   bad"));
        assertEquals("t.yaml: programs[0].prob: unknown key (allowed here: cflags, code, kaddrs, kprobes, kretprobes, "
                + "metrics, name, perf_events, raw_tracepoints, tracepoints)", bad(TIMERS.replace("    tracepoints:", "    prob: 1\n    tracepoints:")));
        assertEquals("t.yaml: programs[0] (timers): metrics.counters[0].table: no table \"cnts\" in the code (tables: counts)",
                bad(TIMERS.replace("table: counts", "table: cnts")));
        assertEquals("t.yaml: programs[0] (timers): tracepoints.timer:timer_start: no function \"tracepoint__timer__start\" "
                + "in the code (the code's macros generate: tracepoint__timer__timer_start)",
                bad(TIMERS.replace("timer_start: tracepoint__timer__timer_start", "timer_start: tracepoint__timer__start")));
        String unknown = bad(TIMERS.replace("name: ksym", "name: ksymbol"));
        assertTrue(unknown.startsWith("t.yaml: programs[0] (timers): metrics.counters[0].labels[0].decoders[0].name: "
                + "unknown decoder \"ksymbol\""), unknown);
        assertEquals("t.yaml: programs[0] (timers): metrics.counters[0].labels[0].size: size is zero or not set",
                bad(TIMERS.replace("size: 8", "size: 0")));
        assertEquals("t.yaml: programs[0] (timers): code: program has no code section",
                bad(TIMERS.substring(0, TIMERS.indexOf("    code:"))));
        assertEquals("t.yaml: programs[0] (timers): program has no probes, tracepoints, or perf events",
                bad(TIMERS.replace("    tracepoints:\n      timer:timer_start: tracepoint__timer__timer_start\n", "")));
        assertEquals("t.yaml: programs: no programs specified", bad("programs: []"));
        assertEquals("t.yaml: programs[0] (timers): tracepoints.timer_start: expected category:name (e.g. timer:timer_start)",
                bad(TIMERS.replace("timer:timer_start:", "timer_start:")));
        assertEquals("t.yaml: programs[0] (lat): cflags[0]: \"-O3\": bpfx passes -DNAME[=VALUE] and -IDIR to BCC, nothing else",
                bad(TWO.replace("-DMAX=10", "-O3")));
        assertEquals("t.yaml: programs[0] (lat): perf_events[0]: give exactly one of sample_period and sample_frequency",
                bad(TWO.replace("sample_frequency: 99", "sample_frequency: 99\n        sample_period: 5")));
        assertEquals("t.yaml: programs[1].name: \"lat\" is defined twice", bad(TWO.replace("name: errs", "name: lat")));
        assertEquals("t.yaml: programs[0] (timers): metrics.histograms[0].bucket_type: unknown bucket type \"exp3\" "
                + "(expected exp2, linear or fixed)", bad(TIMERS.replace("counters:", "histograms:")
                .replace("table: counts", "table: counts\n          bucket_type: exp3")));
    }

    @Test
    void tellsV1FromV2() {
        assertTrue(V1ConfigReader.looksLikeV1(TIMERS));
        assertFalse(V1ConfigReader.looksLikeV1("metrics:\n  counters: []\n"));
    }
}
