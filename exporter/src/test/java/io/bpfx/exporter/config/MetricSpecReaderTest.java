package io.bpfx.exporter.config;

import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.PerCpuMode;
import io.bpfx.exporter.spec.ValueSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricSpecReaderTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What a Lua table arrives as: numbers are doubles, arrays are lists. */
    @Test
    void readsALuaStyleTable() {
        Map<String, Object> table = map(
                "type", "counter",
                "name", "syscalls_total",
                "help", "Syscalls by process",
                "map", "counts",
                "labels", List.of(
                        map("name", "comm", "size", 16.0, "decoders", List.of("string")),
                        map("name", "nr", "size", 4.0, "padding", 4.0, "decoders", List.of("uint", "syscall")),
                        map("name", "op", "offset", 24.0, "size", 1.0, "decoders", List.of("uint",
                                map("name", "static_map", "static_map", map("1", "read"), "allow_unknown", true))),
                        map("name", "pid", "size", 4.0)),
                "value", map("offset", 8.0, "size", 4.0, "signed", true),
                "percpu", "split",
                "series_limit", 100.0);
        MetricSpec spec = MetricSpecReader.read(table, "syscalls.lua", "", "bpfx");

        assertEquals(MetricType.COUNTER, spec.type());
        assertEquals("bpfx_syscalls_total", spec.name());
        assertEquals("counts", spec.mapName());
        assertEquals("syscalls.lua", spec.config());
        assertEquals(List.of(
                new LabelSpec("comm", 0, 16, List.of(DecoderSpec.of("string"))),
                new LabelSpec("nr", 16, 4, List.of(DecoderSpec.of("uint"), DecoderSpec.of("syscall"))),
                new LabelSpec("op", 24, 1, List.of(DecoderSpec.of("uint"), DecoderSpec.staticMap(Map.of("1", "read"), true))),
                new LabelSpec("pid", 25, 4, List.of())), spec.keyLabels());
        assertEquals(List.of(DecoderSpec.of("uint")), spec.keyLabels().get(3).effectiveDecoders());
        assertEquals(new ValueSpec(8, 4, true), spec.value());
        assertEquals(PerCpuMode.SPLIT, spec.perCpu());
        assertEquals(100, spec.seriesLimit());
        assertEquals(-1, spec.expectedKeySize());
    }

    @Test
    void histogramsAndEvents() {
        List<MetricSpec> specs = MetricSpecReader.readAll(List.of(
                map("type", "histogram", "name", "read_latency_seconds", "help", "Read latency",
                        "bucket_type", "exp2", "bucket_max", 20, "bucket_multiplier", 1e-6,
                        "labels", List.of(map("name", "bucket", "size", 8))),
                map("type", "counter", "name", "execs_total", "map", "events", "from_events", true,
                        "flush_interval", "10m", "labels", List.of(map("name", "comm", "size", 16, "decoders", List.of("string"))))),
                "io.lua", "");
        assertEquals("read_latency_seconds", specs.get(0).name());
        assertEquals("read_latency_seconds", specs.get(0).mapName());
        assertEquals(HistogramSpec.exp2(0, 20, 1e-6), specs.get(0).histogram());
        assertTrue(specs.get(1).fromEvents());
        assertEquals(Duration.ofMinutes(10), specs.get(1).flushInterval());
    }

    private static String error(Map<String, Object> table) {
        return assertThrows(BpfxException.BadInput.class,
                () -> MetricSpecReader.readAll(List.of(table), "probe.lua", "bpfx")).getMessage();
    }

    @Test
    void problemsNameTheSourceAndKey() {
        assertEquals("probe.lua: metrics[0].type: unknown type \"summary\" (expected counter, gauge or histogram)",
                error(map("type", "summary", "name", "x")));
        assertEquals("probe.lua: metrics[0].labels[0].size: expected an integer, got a number",
                error(map("type", "gauge", "name", "x", "labels", List.of(map("name", "a", "size", 2.5)))));
        assertEquals("probe.lua: metrics[0].labels[1]: size is zero or not set",
                error(map("type", "gauge", "name", "x", "labels", List.of(map("name", "a", "size", 4), map("name", "b")))));
        assertEquals("probe.lua: metrics[0].percpu: unknown mode \"avg\" (expected sum or split)",
                error(map("type", "gauge", "name", "x", "percpu", "avg")));
        assertEquals("probe.lua: metrics[0].bucket_type: only histograms have buckets",
                error(map("type", "counter", "name", "x_total", "bucket_type", "exp2")));
        assertEquals("probe.lua: metrics[0].bucket_type: histogram buckets have zero size: [bucket_min .. bucket_max] = [0 .. 0]",
                error(map("type", "histogram", "name", "x", "bucket_type", "exp2", "labels", List.of(map("name", "b", "size", 8)))));
        assertEquals("probe.lua: metrics[0]: metric bpfx_x: only counters can count events",
                error(map("type", "gauge", "name", "x", "from_events", true)));
        assertEquals("probe.lua: metrics[0].value: value size 3 is not 1, 2, 4 or 8",
                error(map("type", "gauge", "name", "x", "value", map("size", 3))));
        assertEquals("probe.lua: metrics[0].labels[0].decoders[0]: unknown decoder \"uin\" (known: cgroup, dname, errno, "
                + "hex, ifname, inet_ip, int, kstack, ksym, majorminor, pci_class, pci_device, pci_subclass, pci_vendor, regexp, static_map, string, syscall, uint)",
                error(map("type", "gauge", "name", "x", "labels", List.of(map("name", "a", "size", 4, "decoders", List.of("uin"))))));
        assertEquals("probe.lua: metrics[0].series_limit: must not be negative",
                error(map("type", "gauge", "name", "x", "series_limit", -5)));
        assertEquals("probe.lua: metrics[0].colour: unknown key (allowed here: bucket_keys, bucket_max, bucket_min, "
                + "bucket_multiplier, bucket_type, cpu_label, event_type, flush_interval, from_events, help, key_size, labels, map, "
                + "name, percpu, series_limit, type, value)", error(map("type", "gauge", "name", "x", "colour", "red")));
    }
}
