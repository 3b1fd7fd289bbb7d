package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.ValueSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every map metric's current entries, raw and decoded, for the debug {@code /maps} page. */
final class MapDump {

    private MapDump() {
    }

    static List<MetricDump> of(List<MapMetric> metrics, Function<String, MapSnapshot> snapshots) {
        Map<String, MapRead> reads = new HashMap<>();
        List<MetricDump> out = new ArrayList<>();
        for (MapMetric m : metrics) {
            MetricSpec spec = m.spec;
            MapRead read = reads.computeIfAbsent(spec.mapName(), map -> MapRead.of(snapshots, map));
            if (read.error() != null) {
                out.add(new MetricDump(spec.name(), spec.mapName(), read.error(), List.of()));
                continue;
            }
            KeyLayout layout = KeyLayout.check(spec, read.snapshot());
            if (layout.problem() != null) {
                out.add(new MetricDump(spec.name(), spec.mapName(), layout.problem(), List.of()));
                continue;
            }
            out.add(new MetricDump(spec.name(), spec.mapName(), null, rows(m, layout, read.snapshot())));
        }
        return out;
    }

    private static List<MetricDump.Row> rows(MapMetric m, KeyLayout layout, MapSnapshot snap) {
        LabelDecoder decoder = m.decoder(layout);
        List<LabelSpec> names = m.keyLabels(layout);
        ValueSpec v = m.spec.valueOrDefault();
        List<MetricDump.Row> rows = new ArrayList<>();
        for (int i = 0; i < snap.count(); i++) {
            byte[] key = new byte[snap.keySize()];
            snap.keys().get(snap.keyOffset(i), key);
            List<Number> vals = new ArrayList<>();
            for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                double d = RawValues.read(snap.values(), snap.valueOffset(i, cpu) + v.offset(), v);
                vals.add(d == Math.rint(d) && Math.abs(d) < 0x1p53 ? (Number) (long) d : (Number) d);
            }
            Map<String, String> labels = null;
            String status = "ok";
            try {
                LabelValues decoded = names.isEmpty() ? LabelValues.EMPTY : decoder.decode(key);
                labels = new LinkedHashMap<>();
                for (int l = 0; l < names.size(); l++) {
                    labels.put(names.get(l).name(), decoded.get(l));
                }
            } catch (DecodeException e) {
                status = "error: " + e.getMessage();
            } catch (SkipSeries skip) {
                status = "skipped";
            }
            rows.add(new MetricDump.Row(HexFormat.of().formatHex(key), labels, status, vals));
        }
        return rows;
    }
}
