package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.PerCpuMode;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric read from a map, with the state that outlives a scrape: its key
 * decoders and label caches, its series guard, and the reader for its kind of
 * series (per-CPU split, or keyed series through a {@link KeyIndex}).
 */
final class MapMetric {
    final MetricSpec spec;
    private final LabelDecoder keys;
    /** For a SPLIT spec on a map that turns out not to be per-CPU: the cpu label read from the key. */
    private final LabelDecoder keysWithCpu;
    private final PerCpuSplit split;
    private final IndexedSeries indexed;

    MapMetric(MetricSpec spec, DecoderSet decoders, int cacheSize) {
        this.spec = spec;
        this.keys = new LabelDecoder(spec.keyLabels(), decoders, cacheSize);
        this.keysWithCpu = spec.perCpu() == PerCpuMode.SPLIT && spec.expectedKeySize() >= 0
                ? new LabelDecoder(keyLabels(true), decoders, cacheSize) : null;
        SeriesGuard guard = new SeriesGuard(spec);
        this.split = spec.perCpu() == PerCpuMode.SPLIT
                ? new PerCpuSplit(spec, keys, new CpuLabels(spec.cpuLabel(), decoders), guard) : null;
        this.indexed = new IndexedSeries(spec, guard);
    }

    /** This scrape's family from the map's snapshot; null (and a decoder error) when the layout does not fit. */
    MetricFamilySamples family(MapSnapshot snap, SelfMetrics self) {
        KeyLayout layout = KeyLayout.check(spec, snap);
        if (layout.problem() != null) {
            self.decoderError(spec.config());
            return null;
        }
        if (split != null && !layout.cpuInKey()) {
            return split.family(snap, self);
        }
        return indexed.family(snap, layout.cpuInKey(), decoder(layout), self);
    }

    /** The decoder for keys of this layout. */
    LabelDecoder decoder(KeyLayout layout) {
        return layout.cpuInKey() ? keysWithCpu : keys;
    }

    /** The labels a key of this layout decodes to, in order. */
    List<LabelSpec> keyLabels(KeyLayout layout) {
        return keyLabels(layout.cpuInKey());
    }

    private List<LabelSpec> keyLabels(boolean cpuInKey) {
        if (!cpuInKey) {
            return spec.keyLabels();
        }
        List<LabelSpec> withCpu = new ArrayList<>(spec.keyLabels());
        LabelSpec cpu = spec.cpuLabel();
        withCpu.add(new LabelSpec(cpu.name(), spec.expectedKeySize(), cpu.size(), cpu.decoders(), cpu.hint()));
        return withCpu;
    }

    /** Raw keys remembered with their series (tests: it stays bounded). */
    int rememberedKeys() {
        return indexed.rememberedKeys();
    }
}
