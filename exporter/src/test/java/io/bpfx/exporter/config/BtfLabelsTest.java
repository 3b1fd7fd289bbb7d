package io.bpfx.exporter.config;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.engine.btf.Layout;
import io.bpfx.exporter.MapMetricsCollector;
import io.bpfx.exporter.Snapshots;
import io.bpfx.exporter.spec.BtfHint;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.cstr;
import static io.bpfx.exporter.Snapshots.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels and values placed by BTF field instead of by byte counts. */
class BtfLabelsTest {

    private static final Layout U32 = new Layout.IntLayout(4, false, false, false);
    private static final Layout S32 = new Layout.IntLayout(4, true, false, false);
    private static final Layout U64 = new Layout.IntLayout(8, false, false, false);
    private static final Layout.EnumLayout KIND = new Layout.EnumLayout(4, false, Map.of(1L, "KIND_OPEN", 2L, "KIND_OTHER"));

    /** struct open_key { u32 pid; char comm[16]; char fname[64]; enum kind kind; } */
    static final Layout.StructLayout OPEN_KEY = new Layout.StructLayout("open_key", List.of(
            new Layout.Field("pid", 0, U32, 0, 0),
            new Layout.Field("comm", 4, new Layout.CharArrayLayout(16), 0, 0),
            new Layout.Field("fname", 20, new Layout.CharArrayLayout(64), 0, 0),
            new Layout.Field("kind", 84, KIND, 0, 0)), 88, false);

    /** struct hist_key { u32 pid; u32 bucket; } */
    static final Layout.StructLayout HIST_KEY = new Layout.StructLayout("hist_key", List.of(
            new Layout.Field("pid", 0, U32, 0, 0),
            new Layout.Field("bucket", 4, U32, 0, 0)), 8, false);

    /** struct stats { u64 count; s32 delta; u32 flags:3 } */
    static final Layout.StructLayout STATS = new Layout.StructLayout("stats", List.of(
            new Layout.Field("count", 0, U64, 0, 0),
            new Layout.Field("delta", 8, S32, 0, 0),
            new Layout.Field("flags", 12, U32, 0, 3),
            new Layout.Field("ratio", 16, new Layout.FloatLayout(8), 0, 0)), 24, false);

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static MetricSpec read(Map<String, Object> table, Layout key, Layout value) {
        MetricSpecReader.Options o = MetricSpecReader.Options.of("probe.lua:7: add_metric", "bpfx").withConfig("opens")
                .withFields(BtfFields.of(key, "the key of map m"), value == null ? null : BtfFields.of(value, "the value of map m"));
        return MetricSpecReader.read(table, "", o);
    }

    private static String error(Map<String, Object> table, Layout key, Layout value) {
        return assertThrows(BpfxException.BadInput.class, () -> read(table, key, value)).getMessage();
    }

    @Test
    void labelsByNameByFieldAndByOrder() {
        MetricSpec spec = read(map("type", "counter", "name", "opens_total", "map", "m",
                "labels", List.of("comm", map("name", "filename", "field", "fname"), "kind")), OPEN_KEY, U64);
        List<LabelSpec> labels = spec.keyLabels();
        assertEquals(new LabelSpec("comm", 4, 16, List.of(), new BtfHint("comm", true, false)), labels.get(0));
        assertEquals(new LabelSpec("filename", 20, 64, List.of(), new BtfHint("fname", true, false)), labels.get(1));
        assertEquals(84, labels.get(2).offset());
        assertEquals(List.of(DecoderSpec.of("uint"), DecoderSpec.staticMap(Map.of("1", "KIND_OPEN", "2", "KIND_OTHER"), true)),
                labels.get(2).decoders(), "an enum reads as its enumerator names");
        assertEquals(List.of(DecoderSpec.of("string")), labels.get(0).effectiveDecoders());
        assertEquals(-1, spec.expectedKeySize(), "labels may leave fields out: their entries are summed");
        assertNull(spec.value(), "a u64 value is the default");
        assertEquals("opens", spec.config());

        // names that are not fields take the key's fields in order, after the previous label's
        MetricSpec inOrder = read(map("type", "gauge", "name", "g", "map", "m", "labels", List.of("process_id", "process")),
                OPEN_KEY, U32);
        assertEquals(List.of(0, 4), inOrder.keyLabels().stream().map(LabelSpec::offset).toList());
        assertEquals(List.of(DecoderSpec.of("uint")), inOrder.keyLabels().get(0).effectiveDecoders());
        assertEquals(new ValueSpec(0, 4, false), inOrder.value(), "a u32 value is read as 4 bytes");
    }

    @Test
    void rawOffsetsStillWorkNextToBtf() {
        MetricSpec spec = read(map("type", "counter", "name", "x_total", "map", "m",
                "labels", List.of(map("name", "pid_low", "offset", 0, "size", 2), "comm")), OPEN_KEY, U64);
        assertEquals(new LabelSpec("pid_low", 0, 2, List.of()), spec.keyLabels().get(0));
        assertEquals(4, spec.keyLabels().get(1).offset());
    }

    @Test
    void histogramsGetTheirBucketLabelFromBtf() {
        MetricSpec byPid = read(map("type", "histogram", "name", "lat_seconds", "map", "m", "labels", List.of("pid"),
                "bucket_type", "exp2", "bucket_max", 30), HIST_KEY, U64);
        assertEquals(List.of("pid", "bucket"), byPid.keyLabels().stream().map(LabelSpec::name).toList());
        assertEquals(4, byPid.keyLabels().get(1).offset());
        assertEquals(List.of("pid"), byPid.seriesLabelNames());

        MetricSpec bare = read(map("type", "histogram", "name", "lat_seconds", "map", "m",
                "bucket_type", "exp2", "bucket_max", 30), U32, U64);
        assertEquals(List.of(new LabelSpec("bucket", 0, 4, List.of(DecoderSpec.of("uint")), new BtfHint(null, false, false))),
                bare.keyLabels());

        // named explicitly (even first): still the last label, the bucket
        MetricSpec named = read(map("type", "histogram", "name", "lat_seconds", "map", "m",
                "labels", List.of("bucket", "pid"), "bucket_type", "exp2", "bucket_max", 30), HIST_KEY, U64);
        assertEquals(List.of("pid", "bucket"), named.keyLabels().stream().map(LabelSpec::name).toList());
    }

    @Test
    void valuesByField() {
        MetricSpec delta = read(map("type", "gauge", "name", "delta", "map", "m", "value", "delta"), U32, STATS);
        assertEquals(new ValueSpec(8, 4, true), delta.value());
        MetricSpec count = read(map("type", "counter", "name", "c_total", "map", "m", "value", map("field", "count")), U32, STATS);
        assertEquals(new ValueSpec(0, 8, false), count.value());
    }

    @Test
    void problemsSayWhatTheKeyHas() {
        assertEquals("probe.lua:7: add_metric: labels[0].field: no field \"name\" in the key of map m "
                        + "(struct open_key { pid, comm, fname, kind })",
                error(map("type", "counter", "name", "c_total", "labels", List.of(map("name", "n", "field", "name"))), OPEN_KEY, U64));
        assertEquals("probe.lua:7: add_metric: labels[1]: no field of the key of map m is left for label b "
                        + "(struct hist_key { pid, bucket }): name one with field = \"...\"",
                error(map("type", "counter", "name", "c_total", "labels", List.of("bucket", "b")), HIST_KEY, U64));
        assertEquals("probe.lua:7: add_metric: labels[1]: the key of map m is one u32, which the first label already takes",
                error(map("type", "counter", "name", "c_total", "labels", List.of("a", "b")), U32, U64));
        assertEquals("probe.lua:7: add_metric: value: missing: the value of map m is struct stats { count, delta, flags, ratio }; "
                        + "choose the number to export with value = \"field\"",
                error(map("type", "counter", "name", "c_total"), U32, STATS));
        assertEquals("probe.lua:7: add_metric: value: field ratio of the value of map m is double, not an integer",
                error(map("type", "gauge", "name", "g", "value", "ratio"), U32, STATS));
        assertEquals("probe.lua:7: add_metric: value: field flags of the value of map m is a bitfield, which cannot be read as bytes",
                error(map("type", "gauge", "name", "g", "value", "flags"), U32, STATS));
        assertEquals("probe.lua:7: add_metric: labels[0]: give field or offset/size, not both",
                error(map("type", "gauge", "name", "g", "labels", List.of(map("name", "a", "field", "pid", "size", 4))), OPEN_KEY, U64));
    }

    @Test
    void withoutBtfLabelsNeedSizesUnlessLenient() {
        Map<String, Object> table = map("type", "counter", "name", "c_total", "labels", List.of("comm"));
        assertEquals("probe.lua: metrics[0].labels[0]: size is zero or not set",
                assertThrows(BpfxException.BadInput.class,
                        () -> MetricSpecReader.readAll(List.of(table), "probe.lua", "bpfx")).getMessage());
        MetricSpec lenient = MetricSpecReader.read(table, "", MetricSpecReader.Options.of("probe.lua:3", "bpfx").asLenient());
        assertEquals("bpfx_c_total", lenient.name());
        // and still catches what needs no BTF
        assertTrue(assertThrows(BpfxException.BadInput.class, () -> MetricSpecReader.read(map("type", "summary", "name", "s"),
                "", MetricSpecReader.Options.of("probe.lua:3", "bpfx").asLenient())).getMessage()
                .startsWith("probe.lua:3: type: unknown type \"summary\""));
    }

    /** The whole way: a BTF-placed spec over a snapshot gives the series a user expects. */
    @Test
    void btfPlacedLabelsDecodeSnapshots() throws Exception {
        MetricSpec spec = read(map("type", "counter", "name", "opens_total", "map", "opens",
                "labels", List.of("comm", map("name", "filename", "field", "fname"), "kind")), OPEN_KEY, U64);
        MapSnapshot snap = Snapshots.map("opens", 88, 8)
                .entry(concat(u32(100), cstr("cat", 16), cstr("/etc/passwd", 64), u32(1)), 3)
                .entry(concat(u32(200), cstr("cat", 16), cstr("/etc/passwd", 64), u32(1)), 4)
                .entry(concat(u32(300), cstr("ls", 16), cstr("/", 64), u32(9)), 1)
                .build();
        MapMetricsCollector collector = MapMetricsCollector.builder(name -> snap).namespace("bpfx").metric(spec).build();
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(collector);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        String text = out.toString();
        assertTrue(text.contains("bpfx_opens_total{comm=\"cat\",filename=\"/etc/passwd\",kind=\"KIND_OPEN\",} 7.0\n"), text);
        assertTrue(text.contains("bpfx_opens_total{comm=\"ls\",filename=\"/\",kind=\"9\",} 1.0\n"), text);
    }
}
