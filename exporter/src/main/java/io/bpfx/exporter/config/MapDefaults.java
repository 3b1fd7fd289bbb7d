package io.bpfx.exporter.config;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.MapType;
import io.bpfx.engine.btf.Layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The metric a map is when nobody described it: what {@code bpfx export prog.bpf.c} exports
 * for every map and what a bare {@code add_metric{ map = "x" }} means. The one rule, read from
 * the map's type and BTF, producing the same plain-data table a script would write (so
 * {@link MetricSpecReader} reads it like any other):
 *
 * <ul>
 * <li>the metric is named after the map;
 * <li>key struct fields become labels by their BTF names (char arrays as strings, enums by
 *     name, integers as numbers); a bare integer key is one label, {@code key} ({@code index}
 *     for arrays), and a one-entry array has none;
 * <li>a key with a {@code bucket} field (bpfx.h's {@code struct bpfx_hist_key}) is an exp2
 *     histogram in ebpf_exporter's layout, its last bucket read from the data
 *     ({@code bucket_max = "auto"}: the largest key holds the sum);
 * <li>an integer value is a counter, a gauge when signed or named like a level
 *     ({@code *_current}, {@code inflight}, {@code queue_depth}, ...);
 * <li>a ring buffer / perf event array is a counter of its records, {@code MAP_events};
 * <li>anything else is skipped, with the reason: nested structs or arrays in a key, a struct
 *     value, arrays of more than {@value #MAX_ARRAY_SERIES} entries, maps with nothing to read,
 *     bpfx's own maps and the globals' sections.
 * </ul>
 */
public final class MapDefaults {
    /** More entries than this in an array map would be that many series on every scrape. */
    public static final int MAX_ARRAY_SERIES = 4096;

    private static final Pattern GAUGE_NAME = Pattern.compile(
            "(^|_)(gauge|current|cur|inflight|in_flight|active|queued|queue|depth|level|last|now|size)(_|$)");

    /** Hash, array and per-CPU maps: key → number tables (stack traces, tries and the rest are not). */
    private static final java.util.Set<MapType> METRIC_TYPES = java.util.EnumSet.of(MapType.HASH, MapType.ARRAY,
            MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH);

    private MapDefaults() {
    }

    /** The table a map becomes, or why it becomes none. */
    public record Derived(Map<String, Object> definition, String skipped) {
        public boolean isSkipped() {
            return skipped != null;
        }

        static Derived skip(String why) {
            return new Derived(null, why);
        }
    }

    /** Whether an add_metric table only names its map, asking for this rule. */
    public static boolean isBare(Map<String, ?> table) {
        return table.size() == 1 && table.get("map") instanceof String;
    }

    /** The rule for a map of an opened or live object. */
    public static Derived derive(BpfMap map) {
        if (map.isInternal()) {
            return Derived.skip(map.name().startsWith("bpfx_") ? "bpfx's own bookkeeping map"
                    : "holds the program's globals");
        }
        if (map.type().isEventStream()) {
            return derive(map.name(), map.type(), null, null, map.maxEntries());
        }
        return derive(map.name(), map.type(), map.keyLayout(), map.valueLayout(), map.maxEntries());
    }

    /** The rule itself: pure, from the map's name, type, BTF layouts and size. */
    public static Derived derive(String name, MapType type, Layout key, Layout value, int maxEntries) {
        Map<String, Object> def = new LinkedHashMap<>();
        if (type.isEventStream()) {
            def.put("type", "counter");
            def.put("name", name + "_events");
            def.put("map", name);
            def.put("from_events", true);
            def.put("help", "records sent through " + type.lowerName() + " " + name);
            return new Derived(def, null);
        }
        if (!METRIC_TYPES.contains(type)) {
            return Derived.skip("a " + type.lowerName() + " map has no entries to read as series");
        }
        if (key == null || value == null) {
            return Derived.skip("no BTF for its key and value (compile with -g)");
        }
        if (!(value instanceof Layout.IntLayout v) || v.bool()) {
            return Derived.skip("its value is " + BtfFields.typeName(value)
                    + ", not a number: pick a member with add_metric{ value = \"field\", ... }");
        }
        boolean array = type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
        if (array && maxEntries > MAX_ARRAY_SERIES) {
            return Derived.skip("an array of " + maxEntries + " entries would be " + maxEntries
                    + " series (more than " + MAX_ARRAY_SERIES + ")");
        }
        List<Object> labels = new ArrayList<>();
        boolean histogram = false;
        if (key instanceof Layout.StructLayout s) {
            for (Layout.Field f : s.fields()) {
                if (f.name() == null || f.name().isEmpty()) {
                    return Derived.skip("its key has an unnamed member");
                }
                if (f.isBitfield()) {
                    return Derived.skip("key field " + f.name() + " is a bitfield");
                }
                if (f.name().equals("bucket") && f.layout() instanceof Layout.IntLayout) {
                    histogram = true;
                    continue;
                }
                if (!isLabel(f.layout())) {
                    return Derived.skip("key field " + f.name() + " is " + BtfFields.typeName(f.layout())
                            + ", which has no label form (nested structs and arrays need add_metric{ labels = ... })");
                }
                labels.add(f.name());
            }
        } else if (isLabel(key)) {
            if (!(array && maxEntries == 1)) {
                labels.add(array ? "index" : "key");
            }
        } else {
            return Derived.skip("its key is " + BtfFields.typeName(key) + ", which has no label form");
        }
        def.put("type", histogram ? "histogram" : gauge(name, v) ? "gauge" : "counter");
        def.put("name", name);
        def.put("map", name);
        def.put("help", "map " + name + " (" + (histogram ? "exp2 histogram" : "value") + " from BTF)");
        if (!labels.isEmpty()) {
            def.put("labels", labels);
        }
        if (histogram) {
            def.put("bucket_type", "exp2");
            def.put("bucket_min", 0);
            def.put("bucket_max", "auto");
        }
        return new Derived(def, null);
    }

    /**
     * One bare {@code {map = name}} table per map of the object that has a metric form, in the
     * object's order; {@code skipped} hears one line per map that has none.
     */
    public static List<Map<String, Object>> bareTables(List<BpfMap> maps, Consumer<String> skipped) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BpfMap m : maps) {
            Derived d = derive(m);
            if (d.isSkipped()) {
                skipped.accept("map " + m.name() + " skipped: " + d.skipped());
            } else if (m.type().isEventStream()) {
                // written out: the exporter subscribes to from_events maps before the objects are open
                out.add(d.definition());
            } else {
                out.add(Map.of("map", m.name()));
            }
        }
        return out;
    }

    private static boolean isLabel(Layout l) {
        return l instanceof Layout.CharArrayLayout || l instanceof Layout.EnumLayout
                || l instanceof Layout.IntLayout i && !i.bool();
    }

    private static boolean gauge(String name, Layout.IntLayout value) {
        return value.signed() || GAUGE_NAME.matcher(name.toLowerCase(java.util.Locale.ROOT)).find();
    }
}
