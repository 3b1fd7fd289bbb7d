package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.CounterMetric;
import io.bpfx.exporter.metric.GaugeMetric;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.ScalarMetric;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.nio.ByteBuffer;
import java.util.Set;

/** A per-CPU map read with {@code percpu = split}: one series per key and CPU, the CPU as the last label. */
final class PerCpuSplit {
    private final MetricSpec spec;
    private final LabelDecoder keys;
    private final CpuLabels cpus;
    private final SeriesGuard guard;

    PerCpuSplit(MetricSpec spec, LabelDecoder keys, CpuLabels cpus, SeriesGuard guard) {
        this.spec = spec;
        this.keys = keys;
        this.cpus = cpus;
        this.guard = guard;
    }

    MetricFamilySamples family(MapSnapshot snap, SelfMetrics self) {
        ValueSpec v = spec.valueOrDefault();
        boolean noLabels = spec.keyLabels().isEmpty();
        ByteBuffer values = snap.values();
        ScalarMetric scalar = spec.type() == MetricType.GAUGE ? new GaugeMetric() : new CounterMetric();
        for (int i = 0; i < snap.count(); i++) {
            byte[] key = new byte[snap.keySize()];
            snap.keys().get(snap.keyOffset(i), key);
            LabelValues labels;
            try {
                labels = KeyLayout.labels(spec, key, noLabels, keys, true, self);
            } catch (SkipSeries skip) {
                continue;
            }
            if (labels == null) {
                continue;
            }
            for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                String cpuLabel;
                try {
                    cpuLabel = cpus.label(cpu);
                } catch (DecodeException e) {
                    self.decoderError(spec.config());
                    continue;
                } catch (SkipSeries skip) {
                    continue;
                }
                scalar.add(labels.plus(cpuLabel), RawValues.read(values, snap.valueOffset(i, cpu) + v.offset(), v));
            }
        }
        Set<LabelValues> kept = guard.admit(scalar.series(), self);
        scalar.retain(kept);
        return scalar.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
    }
}
