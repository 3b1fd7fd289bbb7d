package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.ExposedLabels;
import io.bpfx.exporter.metric.HistogramMetric;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.metric.SeriesFamily;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A metric whose series come from the key alone (no per-CPU split): keys are
 * looked up in its {@link KeyIndex} straight from the snapshot and decoded only
 * the first time they are seen; values are added per series id and written out
 * in the {@link SeriesTable}'s cached exposition order. Keys and series that
 * left the map are forgotten once they are most of what is remembered.
 *
 * <p>Only touched inside a scrape, and scrapes are single-flight.
 */
final class IndexedSeries {
    /** A new key that could not be decoded (counted, not remembered: counted again on every scrape, as ebpf_exporter does). */
    private static final int NOT_DECODED = -2;

    private final MetricSpec spec;
    private final SeriesGuard guard;
    private KeyIndex index;
    private SeriesTable table;
    private int scrape;

    IndexedSeries(MetricSpec spec, SeriesGuard guard) {
        this.spec = spec;
        this.guard = guard;
    }

    int rememberedKeys() {
        return index == null ? 0 : index.size();
    }

    MetricFamilySamples family(MapSnapshot snap, boolean cpuInKey, LabelDecoder decoder, SelfMetrics self) {
        ValueSpec v = spec.valueOrDefault();
        boolean noLabels = spec.keyLabels().isEmpty() && !cpuInKey;
        ByteBuffer keys = snap.keys();
        ByteBuffer values = snap.values();
        int ks = snap.keySize();
        if (index == null || index.keySize() != ks) {
            index = new KeyIndex(ks, Math.max(16, snap.count()));
            // a cpu label read from the key is the last of seriesLabelNames() already
            table = new SeriesTable(new ExposedLabels(spec.seriesLabelNames()));
        }
        int now = ++scrape;
        Sums sums = spec.type() == MetricType.HISTOGRAM ? new HistogramSums(self) : new ScalarSums();
        int present = 0;
        int slot = -1;
        for (int i = 0; i < snap.count(); i++) {
            int off = snap.keyOffset(i);
            int sid;
            slot = index.holds(slot + 1, keys, off) ? slot + 1 : index.find(keys, off, index.hash(keys, off));
            if (slot >= 0) {
                index.markSeen(slot, now);
                sid = index.series(slot);
            } else {
                sid = newSeries(keys, off, ks, noLabels, decoder, self);
                if (sid == NOT_DECODED) {
                    continue;
                }
                slot = index.insert(keys, off, index.hash(keys, off), sid, now);
            }
            if (sid == KeyIndex.SKIPPED) {
                continue;
            }
            if (table.markSeen(sid, now)) {
                present++;
            }
            double value = 0;
            for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                value += RawValues.read(values, snap.valueOffset(i, cpu) + v.offset(), v);
            }
            sums.add(sid, value);
        }
        if (index.size() > 2 * snap.count() + 4096 || table.size() > 2 * present + 4096) {
            int[] renumber = table.retainSeenIn(now);
            index.retainSeenIn(now, renumber);
            sums.renumber(renumber);
        }
        return sums.family(now, present, self);
    }

    /** The series id of a key seen for the first time, {@link KeyIndex#SKIPPED} (a decoder drops it) or {@link #NOT_DECODED}. */
    private int newSeries(ByteBuffer keys, int off, int ks, boolean noLabels, LabelDecoder decoder, SelfMetrics self) {
        byte[] key = new byte[ks];
        keys.get(off, key);
        LabelValues labels;
        try {
            labels = KeyLayout.labels(spec, key, noLabels, decoder, false, self);
        } catch (SkipSeries skip) {
            return KeyIndex.SKIPPED;
        }
        if (labels == null) {
            return NOT_DECODED;
        }
        return table.idFor(labels);
    }

    /** Where one scrape's per-series values go, and the family they make. */
    private interface Sums {
        void add(int sid, double value);

        /** Series ids changed after forgetting ({@code renumber[old]}, -1: gone). */
        void renumber(int[] renumber);

        MetricFamilySamples family(int scrape, int present, SelfMetrics self);
    }

    /** Histograms: the last label is the bucket; series whose bucket is not a number are left out. */
    private final class HistogramSums implements Sums {
        private final HistogramMetric hist = new HistogramMetric(spec.histogram());
        private final Set<LabelValues> bad = new HashSet<>();
        private final SelfMetrics self;

        HistogramSums(SelfMetrics self) {
            this.self = self;
        }

        @Override
        public void add(int sid, double value) {
            LabelValues labels = table.labels(sid);
            LabelValues series = labels.withoutLast();
            double bucket;
            try {
                bucket = RawValues.unsignedToDouble(HistogramMetric.parseBucketKey(labels.get(labels.size() - 1)));
            } catch (NumberFormatException e) {
                self.decoderError(spec.config());
                bad.add(series);
                return;
            }
            hist.add(series, bucket, value);
        }

        @Override
        public void renumber(int[] renumber) {
            // kept by labels, not ids
        }

        @Override
        public MetricFamilySamples family(int scrape, int present, SelfMetrics self) {
            bad.forEach(hist::remove);
            hist.retain(guard.admit(hist.series(), self));
            return hist.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
        }
    }

    /** Counters and gauges: one sum per series id. */
    private final class ScalarSums implements Sums {
        private double[] sums = new double[Math.max(16, table.size())];

        @Override
        public void add(int sid, double value) {
            if (sid >= sums.length) {
                sums = Arrays.copyOf(sums, Math.max(sid + 1, sums.length * 2));
            }
            sums[sid] += value;
        }

        @Override
        public void renumber(int[] renumber) {
            double[] moved = new double[Math.max(16, table.size())];
            for (int old = 0; old < renumber.length && old < sums.length; old++) {
                if (renumber[old] >= 0) {
                    moved[renumber[old]] = sums[old];
                }
            }
            sums = moved;
        }

        @Override
        public MetricFamilySamples family(int scrape, int present, SelfMetrics self) {
            Set<LabelValues> admitted = null;
            if (guard.limited()) {
                Set<LabelValues> all = new HashSet<>();
                for (int sid = 0; sid < table.size(); sid++) {
                    if (table.seenIn(sid, scrape)) {
                        all.add(table.labels(sid));
                    }
                }
                admitted = guard.admit(all, self);
            }
            boolean counter = spec.type() == MetricType.COUNTER;
            String sampleName = counter ? MetricNames.counterFamily(spec.name()) + "_total" : spec.name();
            List<String> names = table.exposedNames();
            List<MetricFamilySamples.Sample> samples = new ArrayList<>(admitted != null ? admitted.size() : present);
            byte[][] blocks = new byte[table.size()][];
            double[] values = new double[table.size()];
            int k = 0;
            for (int sid : table.order()) {
                if (!table.seenIn(sid, scrape) || (admitted != null && !admitted.contains(table.labels(sid)))) {
                    continue;
                }
                samples.add(new MetricFamilySamples.Sample(sampleName, names, table.exposedValues(sid), sums[sid]));
                blocks[k] = table.block(sid);
                values[k++] = sums[sid];
            }
            return new SeriesFamily(counter ? MetricNames.counterFamily(spec.name()) : spec.name(),
                    counter ? Collector.Type.COUNTER : Collector.Type.GAUGE, spec.help(), samples, sampleName,
                    blocks, values, k);
        }
    }
}
