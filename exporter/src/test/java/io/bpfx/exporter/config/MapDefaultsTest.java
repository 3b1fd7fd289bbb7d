package io.bpfx.exporter.config;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapType;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metric a map is with no description: on the BTF of a test object, and on hand-made layouts. */
class MapDefaultsTest {
    private static final Layout U32 = new Layout.IntLayout(4, false, false, false);
    private static final Layout U64 = new Layout.IntLayout(8, false, false, false);
    private static final Layout S64 = new Layout.IntLayout(8, true, false, false);

    /** norun_test.bpf.c: opens_total (comm → u64), path_len (bpfx_hist_key → u64), opens_rb (ring buffer). */
    @Test
    void mapsOfARealObject() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("norun_test"))) {
            MapDefaults.Derived opens = MapDefaults.derive(obj.map("opens_total"));
            assertEquals(Map.of("type", "counter", "name", "opens_total", "map", "opens_total",
                    "help", "map opens_total (value from BTF)", "labels", List.of("comm")), opens.definition());
            // what the reader makes of it, against the same BTF: comm is a string label
            MetricSpec spec = read(opens.definition(), obj.map("opens_total"));
            assertEquals(MetricType.COUNTER, spec.type());
            assertEquals("bpfx_opens_total", spec.name());
            assertEquals("comm", spec.keyLabels().get(0).name());
            assertEquals(16, spec.keyLabels().get(0).size());
            assertEquals("string", spec.keyLabels().get(0).effectiveDecoders().get(0).name());

            MapDefaults.Derived hist = MapDefaults.derive(obj.map("path_len"));
            assertEquals("histogram", hist.definition().get("type"));
            assertEquals("auto", hist.definition().get("bucket_max"));
            MetricSpec h = read(hist.definition(), obj.map("path_len"));
            assertEquals(BucketType.EXP2, h.histogram().type());
            assertTrue(h.histogram().autoMax());
            assertEquals(List.of("bucket"), h.keyLabels().stream().map(l -> l.name()).toList());

            MapDefaults.Derived events = MapDefaults.derive(obj.findMap("opens_rb").orElseThrow());
            assertEquals(true, events.definition().get("from_events"));
            assertEquals("opens_rb_events", events.definition().get("name"));

            List<String> skipped = new ArrayList<>();
            List<Map<String, Object>> tables = MapDefaults.bareTables(obj.maps(), skipped::add);
            assertEquals(List.of(Map.of("map", "opens_total"), Map.of("map", "path_len")),
                    tables.stream().filter(MapDefaults::isBare).toList());
            assertEquals(3, tables.size(), tables::toString);
            assertEquals(List.of("map bpfx_ringbuf_drops skipped: bpfx's own bookkeeping map",
                    "map norun_te.rodata skipped: holds the program's globals",
                    "map norun_te.bss skipped: holds the program's globals"), skipped);
        }
    }

    private static MetricSpec read(Map<String, Object> def, BpfMap map) {
        return MetricSpecReader.read(def, "", MetricSpecReader.Options.builder("t", "bpfx")
                .fields(BtfFields.of(map.keyLayout(), "key"), BtfFields.of(map.valueLayout(), "value")).build());
    }

    @Test
    void labelsFromKeyFieldsByKind() {
        Layout.StructLayout key = new Layout.StructLayout("k", List.of(
                new Layout.Field("pid", 0, U32, 0, 0),
                new Layout.Field("comm", 4, new Layout.CharArrayLayout(16), 0, 0),
                new Layout.Field("kind", 20, new Layout.EnumLayout(4, false, Map.of(1L, "A")), 0, 0)), 24, false);
        MapDefaults.Derived d = MapDefaults.derive("calls", MapType.HASH, key, U64, 10240);
        assertEquals(List.of("pid", "comm", "kind"), d.definition().get("labels"));
        assertEquals("counter", d.definition().get("type"));
        assertEquals("static_map", read(d.definition(), key).keyLabels().get(2).effectiveDecoders().get(1).name());
    }

    private static MetricSpec read(Map<String, Object> def, Layout key) {
        return MetricSpecReader.read(def, "", MetricSpecReader.Options.builder("t", "bpfx")
                .fields(BtfFields.of(key, "key"), BtfFields.of(U64, "value")).build());
    }

    @Test
    void gaugesBySignOrName() {
        assertEquals("gauge", MapDefaults.derive("delta", MapType.HASH, U32, S64, 16).definition().get("type"));
        assertEquals("gauge", MapDefaults.derive("queue_depth", MapType.HASH, U32, U64, 16).definition().get("type"));
        assertEquals("gauge", MapDefaults.derive("inflight", MapType.HASH, U32, U64, 16).definition().get("type"));
        assertEquals("counter", MapDefaults.derive("sizes_seen", MapType.HASH, U32, U64, 16).definition().get("type"));
    }

    @Test
    void bareKeysAndScalars() {
        assertEquals(List.of("key"), MapDefaults.derive("by_pid", MapType.HASH, U32, U64, 64).definition().get("labels"));
        assertEquals(List.of("index"), MapDefaults.derive("slots", MapType.ARRAY, U32, U64, 64).definition().get("labels"));
        assertFalse(MapDefaults.derive("total", MapType.PERCPU_ARRAY, U32, U64, 1).definition().containsKey("labels"));
    }

    @Test
    void whatCannotBecomeSeriesSaysWhy() {
        Layout.StructLayout nested = new Layout.StructLayout("k", List.of(
                new Layout.Field("inner", 0, new Layout.StructLayout("in", List.of(new Layout.Field("x", 0, U32, 0, 0)), 4, false), 0, 0)),
                4, false);
        assertEquals("key field inner is struct in, which has no label form (nested structs and arrays need "
                + "add_metric{ labels = ... })", MapDefaults.derive("n", MapType.HASH, nested, U64, 8).skipped());
        assertEquals("an array of 100000 entries would be 100000 series (more than 4096)",
                MapDefaults.derive("big", MapType.ARRAY, U32, U64, 100000).skipped());
        assertTrue(MapDefaults.derive("v", MapType.HASH, U32, nested, 8).skipped().startsWith("its value is struct k, not a number"));
        assertEquals("a stack_trace map has no entries to read as series",
                MapDefaults.derive("stacks", MapType.STACK_TRACE, U32, U64, 8).skipped());
    }
}
