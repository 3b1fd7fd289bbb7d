package io.bpfx.exporter.target;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.session.EventMaps;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.exporter.config.BtfFields;
import io.bpfx.exporter.config.MetricSpecReader;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target's metric declarations ({@code add_metric{...}} tables as plain data,
 * {@link TargetPlan.Metric}) read into exporter {@link MetricSpec}s,
 * against the BTF of the target's maps: labels by key field, values by value
 * field, event records by their struct. Without objects (the script's C did not
 * compile yet) the tables are checked for everything that needs no BTF.
 *
 * <p>Every problem is one {@link BpfxException.BadInput} line starting with the
 * {@code add_metric} call's {@code file:line}.
 */
final class TargetMetrics {
    /** Prefix of every metric a script exports (ebpf_exporter's configs get {@code ebpf_exporter_}). */
    static final String NAMESPACE = "bpfx";

    private TargetMetrics() {
    }

    /**
     * @param objects     the target's objects (opened or live), or null when they are not available
     * @param seriesLimit default series limit for metrics that set none (0: none)
     */
    static List<MetricSpec> read(String target, List<TargetPlan.Metric> metrics,
                                 List<TargetPlan.EventSubscription> scriptEvents, ObjectView objects, int seriesLimit) {
        List<MetricSpec> out = new ArrayList<>();
        for (TargetPlan.Metric table : metrics) {
            out.add(read(target, table, scriptEvents, objects, seriesLimit));
        }
        return out;
    }

    /** @param scriptEvents the script's on_event subscriptions: their record type is the metric's default */
    static MetricSpec read(String target, TargetPlan.Metric table, List<TargetPlan.EventSubscription> scriptEvents,
                           ObjectView objects, int seriesLimit) {
        String where = table.origin() + ": add_metric";
        Map<String, Object> def = table.definition();
        checkPlain(def, where, "");
        MetricSpecReader.Target t = MetricSpecReader.target(def);
        MetricSpecReader.Options options = MetricSpecReader.Options.builder(where, NAMESPACE).config(target)
                .seriesLimit(seriesLimit).build();
        if (objects == null) {
            return MetricSpecReader.read(def, "", options.asLenient());
        }
        if (t.fromEvents()) {
            String map = eventMap(target, t, objects, where);
            String type = t.eventType() != null ? t.eventType() : onEventType(scriptEvents, map).orElse(null);
            Optional<Layout.StructLayout> record = objects.recordType(map, type);
            if (record.isEmpty()) {
                if (t.eventType() != null) {
                    throw new BpfxException.BadInput(where + ": event_type: no struct '" + t.eventType()
                            + "' in the BTF of map " + map + "'s object (structs: " + objects.structNames(map) + ")");
                }
                // records of unknown shape: labels need explicit offsets, which the reader checks
                return MetricSpecReader.read(def, "", options.withDefaultMap(map));
            }
            BtfFields fields = BtfFields.of(record.get(), "the record of map " + map + " (struct " + record.get().name() + ")");
            return MetricSpecReader.read(def, "", options.withDefaultMap(map).withFields(fields, fields));
        }
        String mapName = t.map() != null ? t.map() : def.get("name") instanceof String n ? n : null;
        if (mapName == null) {
            // no name: let the reader say so
            return MetricSpecReader.read(def, "", options.asLenient());
        }
        BpfMap map = objects.map(mapName).orElseThrow(() -> new BpfxException.BadInput(where + ": "
                + (t.map() != null ? "map" : "no map given and no map named after the metric") + ": no map '"
                + mapName + "' in target " + target + " (maps: " + objects.mapNames() + ")"));
        if (!map.type().isReadable()) {
            throw new BpfxException.BadInput(where + ": map " + mapName + " is a " + map.type().lowerName()
                    + " map, which has no entries to read"
                    + (map.type().isEventStream() ? ": count its records with from_events = true" : ""));
        }
        BtfFields key = BtfFields.of(map.keyLayout(), "the key of map " + mapName);
        BtfFields value = BtfFields.of(map.valueLayout(), "the value of map " + mapName);
        MetricSpec spec = MetricSpecReader.read(def, "", options.withFields(key, value));
        if (spec.type() == MetricType.HISTOGRAM && spec.keyLabels().isEmpty()) {
            throw new BpfxException.BadInput(where + ": histogram needs a bucket label: the key of map " + mapName
                    + " is " + key.describe());
        }
        return spec;
    }

    /** The ring buffer / perf event array a from_events metric counts: the named one, else the only one. */
    static String eventMap(String target, MetricSpecReader.Target t, ObjectView objects, String where) {
        return EventMaps.pick(objects::map, objects.userMaps(), t.map(), new EventMaps.Errors() {
            @Override
            public BpfxException noSuchMap(String map) {
                return new BpfxException.BadInput(where + ": map: no map '" + map + "' in target " + target
                        + " (maps: " + objects.mapNames() + ")");
            }

            @Override
            public BpfxException notAnEventMap(BpfMap map) {
                return new BpfxException.BadInput(where + ": from_events: map " + map.name() + " is a "
                        + map.type().lowerName() + " map, not a ringbuf or perf_event_array");
            }

            @Override
            public BpfxException none() {
                return new BpfxException.BadInput(where + ": from_events: target " + target
                        + " has no ringbuf or perf_event_array map");
            }

            @Override
            public BpfxException several(String names) {
                return new BpfxException.BadInput(where + ": from_events: target " + target
                        + " has several event maps (" + names + "): name one with map = \"...\"");
            }
        }).name();
    }

    /** opts.type of the target's on_event for that map (or for its only map). */
    static Optional<String> onEventType(List<TargetPlan.EventSubscription> scriptEvents, String map) {
        for (TargetPlan.EventSubscription h : scriptEvents) {
            if (h.map() == null || h.map().equals(map)) {
                return Optional.ofNullable(h.type());
            }
        }
        return Optional.empty();
    }

    /** Anything but numbers, strings, booleans, lists and tables has no place in a metric (add_metric refuses Lua functions). */
    private static void checkPlain(Object v, String where, String path) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkPlain(e.getValue(), where, path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey());
            }
            return;
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkPlain(l.get(i), where, path + "[" + i + "]");
            }
            return;
        }
        throw new BpfxException.BadInput(where + ": " + path + ": expected a number, string, boolean or table, got "
                + v.getClass().getSimpleName());
    }
}
