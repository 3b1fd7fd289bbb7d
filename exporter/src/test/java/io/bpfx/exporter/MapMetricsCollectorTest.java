package io.bpfx.exporter;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.config.V2Config;
import io.bpfx.exporter.config.V2ConfigReader;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.PerCpuMode;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.cstr;
import static io.bpfx.exporter.Snapshots.u16;
import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.Snapshots.u64;
import static io.bpfx.exporter.Snapshots.u8;
import static io.bpfx.exporter.Snapshots.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapMetricsCollectorTest {

    private final AtomicInteger decodes = new AtomicInteger();
    private final DecoderSet decoders = DecoderSet.builder().kallsyms(Kallsyms.ofText(""))
            .register("counting", (in, conf) -> {
                decodes.incrementAndGet();
                return in;
            })
            .register("reject_bad", (in, conf) -> {
                if (new String(in).equals("bad")) {
                    throw new DecodeException("bad input");
                }
                return in;
            })
            .build();

    private MapMetricsCollector collector(Map<String, MapSnapshot> maps, MetricSpec... specs) {
        return MapMetricsCollector.builder(maps::get).decoders(decoders).metrics(List.of(specs)).build();
    }

    /** One scrape, by family name. */
    private static Map<String, MetricFamilySamples> scrape(MapMetricsCollector c) {
        Map<String, MetricFamilySamples> out = new HashMap<>();
        for (MetricFamilySamples f : c.collect()) {
            out.put(f.name, f);
        }
        return out;
    }

    /** One scrape, one family (null when absent). */
    private static MetricFamilySamples family(MapMetricsCollector c, String name) {
        return scrape(c).get(name);
    }

    /** label values (in exposed, sorted-name order) joined by "," to value */
    private static Map<String, Double> series(MetricFamilySamples f) {
        Map<String, Double> out = new HashMap<>();
        for (Sample s : f.samples) {
            out.put(s.name + "{" + String.join(",", s.labelValues) + "}", s.value);
        }
        return out;
    }

    @Test
    void eachMapIsReadOncePerScrapeWhateverUsesIt() {
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        MapSnapshot snap = Snapshots.map("counts", 4, 8).entry(u32(1), 5).build();
        MapMetricsCollector c = MapMetricsCollector.builder(name -> {
                    reads.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    return snap;
                }).decoders(decoders)
                .metric(MetricSpec.counter("a_total").map("counts").label("id", 0, 4, "uint").build())
                .metric(MetricSpec.gauge("b").map("counts").label("id", 0, 4, "uint").build())
                .build();
        c.collect();
        assertEquals(1, reads.get("counts").get());
        c.collect();
        assertEquals(2, reads.get("counts").get());
    }

    @Test
    void perCpuValuesAreSummedByDefault() {
        MapSnapshot snap = Snapshots.perCpu("counts", 4, 8, 3).entry(u32(7), 1, 2, 3).entry(u32(8), 10, 0, 0).build();
        MapMetricsCollector c = collector(Map.of("counts", snap),
                MetricSpec.counter("x_total").map("counts").label("id", 0, 4, "uint").build());
        assertEquals(Map.of("x_total{7}", 6.0, "x_total{8}", 10.0), series(family(c, "x")));
    }

    @Test
    void perCpuValuesSplitWithACpuLabel() {
        MapSnapshot snap = Snapshots.perCpu("counts", 4, 8, 3).entry(u32(7), 1, 2, 3).build();
        MapMetricsCollector c = collector(Map.of("counts", snap),
                MetricSpec.counter("x_total").map("counts").label("id", 0, 4, "uint").perCpu(PerCpuMode.SPLIT).build());
        MetricFamilySamples f = family(c, "x");
        assertEquals(List.of("cpu", "id"), f.samples.get(0).labelNames);
        assertEquals(Map.of("x_total{0,7}", 1.0, "x_total{1,7}", 2.0, "x_total{2,7}", 3.0), series(f));
    }

    /** ebpf_exporter: a last label named cpu splits a per-CPU map; on other maps it is a key field. */
    @Test
    void v2CpuLabelSplitsPerCpuMapsAndReadsTheKeyOtherwise() {
        V2Config cfg = V2ConfigReader.parse("syscalls", "syscalls.yaml", """
                metrics:
                  counters:
                    - name: syscalls_total
                      help: Syscalls by number and CPU
                      labels:
                        - name: nr
                          size: 4
                          decoders:
                            - name: uint
                        - name: cpu
                          size: 2
                          padding: 2
                          decoders:
                            - name: uint
                """);
        MetricSpec spec = cfg.toMetricSpecs().get(0);

        MapSnapshot perCpu = Snapshots.perCpu("syscalls_total", 4, 8, 2).entry(u32(59), 4, 6).build();
        MapMetricsCollector c = collector(Map.of("syscalls_total", perCpu), spec);
        assertEquals(Map.of("ebpf_exporter_syscalls_total{0,59}", 4.0, "ebpf_exporter_syscalls_total{1,59}", 6.0),
                series(family(c, "ebpf_exporter_syscalls")));

        MapSnapshot plain = Snapshots.map("syscalls_total", 8, 8)
                .entry(concat(u32(59), u16(3), zeros(2)), 9).build();
        c = collector(Map.of("syscalls_total", plain), spec);
        assertEquals(Map.of("ebpf_exporter_syscalls_total{3,59}", 9.0), series(family(c, "ebpf_exporter_syscalls")));
    }

    @Test
    void keysDecodingToTheSameLabelsAreSummed() {
        // as when systemd recycles a cgroup name under a new id
        MapSnapshot snap = Snapshots.map("by_cgroup", 8, 8).entry(u64(100), 5).entry(u64(200), 7).entry(u64(300), 1).build();
        LabelSpec service = new LabelSpec("service", 0, 8, List.of(DecoderSpec.of("uint"),
                DecoderSpec.staticMap(Map.of("100", "nginx", "200", "nginx"), false)));
        MapMetricsCollector c = collector(Map.of("by_cgroup", snap),
                MetricSpec.counter("cpu_total").map("by_cgroup").label(service).build());
        assertEquals(Map.of("cpu_total{nginx}", 12.0, "cpu_total{unknown:300}", 1.0), series(family(c, "cpu")));
    }

    @Test
    void theCardinalityGuardDropsAndCountsExcessSeries() {
        MapSnapshot snap = Snapshots.map("m", 4, 8).entry(u32(1), 1).entry(u32(2), 2).entry(u32(3), 3).build();
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.gauge("g").map("m").label("id", 0, 4, "uint").seriesLimit(2).build());
        Map<String, MetricFamilySamples> first = scrape(c);
        assertEquals(Map.of("g{1}", 1.0, "g{2}", 2.0), series(first.get("g")));
        assertEquals(Map.of("ebpf_exporter_series_dropped_total{g}", 1.0),
                series(first.get("ebpf_exporter_series_dropped")));
        assertEquals(Map.of("g{1}", 1.0, "g{2}", 2.0), series(family(c, "g"))); // the same series stay
        assertEquals(2, c.selfMetrics().droppedSeries("g"));
    }

    @Test
    void decoderErrorsSkipTheSeriesAndAreCountedPerConfig() {
        MapSnapshot snap = Snapshots.map("m", 4, 8)
                .entry(cstr("ok", 4), 1).entry(cstr("bad", 4), 2).entry(cstr("fine", 4), 3).build();
        LabelSpec name = new LabelSpec("name", 0, 4, List.of(DecoderSpec.of("string"), DecoderSpec.of("reject_bad")));
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.counter("n_total").config("names.lua").map("m").label(name).build());
        assertEquals(Map.of("n_total{ok}", 1.0, "n_total{fine}", 3.0), series(family(c, "n")));
        assertEquals(1, c.selfMetrics().decoderErrors("names.lua"));
        c.collect();
        assertEquals(2, c.selfMetrics().decoderErrors("names.lua")); // errors are not cached: counted again
    }

    @Test
    void keySizeMismatchLeavesTheMetricOutAndCountsOnce() {
        MapSnapshot snap = Snapshots.map("m", 8, 8).entry(u64(1), 1).entry(u64(2), 1).build();
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.counter("x_total").config("cfg").map("m").label("id", 0, 4, "uint").expectedKeySize(4).build());
        assertNull(family(c, "x"));
        assertEquals(1, c.selfMetrics().decoderErrors("cfg"));
    }

    @Test
    void unreadableMapsAreCountedAndOtherMapsStillExported() {
        MapSnapshot ok = Snapshots.map("ok", 4, 8).entry(u32(1), 4).build();
        MapMetricsCollector c = MapMetricsCollector.builder(name -> {
                    if (name.equals("gone")) {
                        throw new BpfxException.NotFound("map gone was unloaded");
                    }
                    return ok;
                }).decoders(decoders)
                .metric(MetricSpec.counter("a_total").config("cfg").map("gone").label("id", 0, 4, "uint").build())
                .metric(MetricSpec.counter("b_total").config("cfg").map("ok").label("id", 0, 4, "uint").build())
                .build();
        Map<String, MetricFamilySamples> families = scrape(c);
        assertNull(families.get("a"));
        assertEquals(Map.of("b_total{1}", 4.0), series(families.get("b")));
        assertEquals(1, c.selfMetrics().decoderErrors("cfg"));
    }

    @Test
    void valueFieldsAreReadAtTheirOffsetSignedOrNot() {
        MapSnapshot snap = Snapshots.map("m", 4, 16)
                .entry(u32(1), concat(u64(99), u32(0xfffffffeL), u32(0))).build();
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.gauge("signed").map("m").label("id", 0, 4, "uint").value(new ValueSpec(8, 4, true)).build(),
                MetricSpec.gauge("unsigned").map("m").label("id", 0, 4, "uint").value(new ValueSpec(8, 4, false)).build(),
                MetricSpec.gauge("first").map("m").label("id", 0, 4, "uint").build());
        assertEquals(Map.of("signed{1}", -2.0), series(family(c, "signed")));
        assertEquals(Map.of("unsigned{1}", 4294967294.0), series(family(c, "unsigned")));
        assertEquals(Map.of("first{1}", 99.0), series(family(c, "first")));
    }

    @Test
    void u64ValuesAreUnsigned() {
        MapSnapshot snap = Snapshots.map("m", 4, 8).entry(u32(1), -1L).build();
        MapMetricsCollector c = collector(Map.of("m", snap), MetricSpec.counter("x_total").map("m").label("id", 0, 4, "uint").build());
        assertEquals(Map.of("x_total{1}", 18446744073709551615.0), series(family(c, "x")));
    }

    @Test
    void withoutLabelsTheZeroKeyIsTheOnlySeries() {
        V2Config cfg = V2ConfigReader.parse("total", "total.yaml", """
                metrics:
                  counters:
                    - name: events_total
                      help: All events
                """);
        MapSnapshot array = Snapshots.map("events_total", 4, 8).entry(u32(0), 42).build();
        MapMetricsCollector c = collector(Map.of("events_total", array), cfg.toMetricSpecs().get(0));
        assertEquals(Map.of("ebpf_exporter_events_total{}", 42.0), series(family(c, "ebpf_exporter_events")));

        MapSnapshot twoKeys = Snapshots.map("events_total", 4, 8).entry(u32(0), 42).entry(u32(1), 5).build();
        c = collector(Map.of("events_total", twoKeys), cfg.toMetricSpecs().get(0));
        assertEquals(Map.of("ebpf_exporter_events_total{}", 42.0), series(family(c, "ebpf_exporter_events")));
        assertEquals(1, c.selfMetrics().decoderErrors("total"));
    }

    @Test
    void histogramSeriesWithAnUnreadableBucketAreLeftOut() {
        LabelSpec bucket = new LabelSpec("bucket", 4, 4, List.of(DecoderSpec.of("hex")));
        MapSnapshot snap = Snapshots.map("lat", 8, 8)
                .entry(concat(u32(1), u32(0)), 3)          // bucket "00000000": parses as octal 0
                .entry(concat(u32(2), u32(1)), 3)          // bucket "01000000": octal 0o1000000 is out of range: ignored
                .entry(concat(u32(3), u32(0xab)), 1)       // bucket "ab000000": not a number
                .build();
        MapMetricsCollector c = collector(Map.of("lat", snap),
                MetricSpec.histogram("lat_seconds", HistogramSpec.linear(0, 1, 1)).config("cfg").map("lat")
                        .label("disk", 0, 4, "uint").label(bucket).build());
        MetricFamilySamples f = family(c, "lat_seconds");
        List<String> disks = new ArrayList<>();
        for (Sample s : f.samples) {
            if (s.name.equals("lat_seconds_count")) {
                disks.add(s.labelValues.get(0) + "=" + s.value);
            }
        }
        assertEquals(List.of("1=3.0", "2=0.0"), disks);
        assertEquals(1, c.selfMetrics().decoderErrors("cfg"));
    }

    @Test
    void aSecondScrapeOfALargeMapDecodesNothingAgain() {
        Snapshots big = Snapshots.map("big", 4, 8);
        for (int i = 0; i < 100_000; i++) {
            big.entry(u32(i), 1);
        }
        MapSnapshot snap = big.build();
        LabelSpec id = new LabelSpec("id", 0, 4, List.of(DecoderSpec.of("counting"), DecoderSpec.of("uint")));
        MapMetricsCollector c = collector(Map.of("big", snap), MetricSpec.counter("big_total").map("big").label(id).build());

        assertEquals(100_000, family(c, "big").samples.size());
        assertEquals(100_000, decodes.get());
        assertEquals(100_000, family(c, "big").samples.size());
        assertEquals(100_000, decodes.get());
    }

    @Test
    void keysThatComeAndGoAreDecodedOnceAndForgottenWhenGone() {
        Map<String, MapSnapshot> maps = new HashMap<>();
        LabelSpec id = new LabelSpec("id", 0, 4, List.of(DecoderSpec.of("counting"), DecoderSpec.of("uint")));
        MapMetricsCollector c = collector(maps, MetricSpec.counter("churn_total").map("m").label(id).build());
        // pid-like keys: each round has 10k new keys and keeps 100 old ones, listed in another order
        int decoded = 0;
        for (int round = 0; round < 12; round++) {
            Snapshots s = Snapshots.map("m", 4, 8);
            for (int k = 99; k >= 0; k--) {
                s.entry(u32(k), round + 1);
            }
            for (int k = 0; k < 10_000; k++) {
                s.entry(u32(1000 + round * 10_000 + k), 2);
            }
            maps.put("m", s.build());
            MetricFamilySamples f = family(c, "churn");
            assertEquals(10_100, f.samples.size());
            Map<String, Double> values = series(f);
            assertEquals(round + 1.0, values.get("churn_total{7}"));
            assertEquals(2.0, values.get("churn_total{" + (1000 + round * 10_000 + 5) + "}"));
            assertNull(values.get("churn_total{" + (1000 + (round - 1) * 10_000 + 5) + "}"), "gone keys are gone");
            decoded += round == 0 ? 10_100 : 10_000;
            assertEquals(decoded, decodes.get(), "only new keys are decoded");
            // sorted as client_golang sorts: by label value, as strings
            assertEquals("0", f.samples.get(0).labelValues.get(0));
            assertEquals("1", f.samples.get(1).labelValues.get(0));
        }
        assertTrue(c.rememberedKeys() < 3 * 10_100 + 4096, "remembered keys stay bounded: " + c.rememberedKeys());
    }

    @Test
    void concurrentScrapesSeeTheSameData() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(ExampleExporter.collector());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> scrapes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                scrapes.add(() -> ExampleExporter.scrape(registry));
            }
            for (Future<String> f : pool.invokeAll(scrapes)) {
                assertEquals(ExampleExporter.EXPECTED, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dumpShowsRawKeysLabelsAndValues() {
        MapSnapshot snap = Snapshots.perCpu("m", 4, 8, 2)
                .entry(cstr("ok", 4), 1, 2).entry(cstr("bad", 4), 3, 4).build();
        LabelSpec name = new LabelSpec("name", 0, 4, List.of(DecoderSpec.of("string"), DecoderSpec.of("reject_bad")));
        MapMetricsCollector c = collector(Map.of("m", snap), MetricSpec.counter("n_total").map("m").label(name).build());
        List<MetricDump> dump = c.dump();
        assertEquals(1, dump.size());
        MetricDump d = dump.get(0);
        assertEquals("n_total", d.metric());
        assertEquals("m", d.map());
        assertNull(d.error());
        assertEquals(new MetricDump.Row("6f6b0000", Map.of("name", "ok"), "ok", List.of(1L, 2L)), d.rows().get(0));
        assertEquals(new MetricDump.Row("62616400", null, "error: label name: bad input", List.of(3L, 4L)), d.rows().get(1));
    }

    @Test
    void badSpecsAreRejectedUpFront() {
        MetricSpec a = MetricSpec.counter("a_total").map("m").label("id", 0, 4, "uint").build();
        BpfxException.BadInput twice = assertThrows(BpfxException.BadInput.class, () -> collector(Map.of(), a, a));
        assertEquals("metric a_total is defined twice", twice.getMessage());

        MetricSpec unknown = MetricSpec.counter("b_total").map("m").label("id", 0, 4, "uint", "kube_podname").build();
        BpfxException.BadInput e = assertThrows(BpfxException.BadInput.class, () -> collector(Map.of(), unknown));
        assertTrue(e.getMessage().startsWith("metric b_total, label id: unknown decoder \"kube_podname\""), e.getMessage());
    }

    @Test
    void labelsBeyondTheKeyLeaveTheMetricOut() {
        MapSnapshot snap = Snapshots.map("m", 4, 8).entry(u32(1), 1).build();
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.counter("x_total").config("cfg").map("m").label("id", 0, 4, "uint").label("more", 4, 4, "uint").build());
        assertNull(family(c, "x"));
        assertEquals(1, c.selfMetrics().decoderErrors("cfg"));
    }

    @Test
    void regexpSkippedKeysAreNotErrors() {
        MapSnapshot snap = Snapshots.map("m", 8, 8).entry(cstr("bash", 8), 1).entry(cstr("nginx", 8), 2).build();
        LabelSpec comm = new LabelSpec("comm", 0, 8, List.of(DecoderSpec.of("string"), DecoderSpec.regexp(List.of("^nginx$"))));
        MapMetricsCollector c = collector(Map.of("m", snap), MetricSpec.counter("x_total").config("cfg").map("m").label(comm).build());
        assertEquals(Map.of("x_total{nginx}", 2.0), series(family(c, "x")));
        assertEquals(0, c.selfMetrics().decoderErrors("cfg"));
    }

    @Test
    void splitCpuLabelsGoThroughTheirDecoders() {
        MapSnapshot snap = Snapshots.perCpu("m", 1, 4, 2).entry(u8(1), u32(5), u32(6)).build();
        LabelSpec cpu = new LabelSpec("core", 0, 2, List.of(DecoderSpec.of("uint"),
                DecoderSpec.staticMap(Map.of("0", "big", "1", "little"), false)));
        MapMetricsCollector c = collector(Map.of("m", snap),
                MetricSpec.gauge("g").map("m").label("id", 0, 1, "uint").value(new ValueSpec(0, 4, false)).cpuLabel(cpu).build());
        assertEquals(Map.of("g{big,1}", 5.0, "g{little,1}", 6.0), series(family(c, "g")));
    }
}
