package io.bpfx.exporter;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.PerCpuMode;
import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Prometheus collector over BPF maps: on each scrape reads every map once
 * (however many metrics use it) through the snapshot function, decodes keys into
 * labels with ebpf_exporter semantics, and returns one family per metric, plus
 * the event counters' families and the exporter's own counters.
 *
 * <p>A scrape never fails because of map contents: decoder errors, unreadable
 * maps and layout mismatches are counted in {@code <namespace>_decoder_errors_total}
 * and the series (or the metric) is left out. Safe for concurrent scrapes.
 *
 * <p>The parts: {@link MapMetric} (one metric's compiled state) reads its series
 * through {@link IndexedSeries} or {@link PerCpuSplit} after {@link KeyLayout}
 * checks the snapshot; {@link SeriesGuard} applies series limits; {@link MapDump}
 * serves {@code /maps}; {@link SingleFlight} shares a scrape.
 */
public final class MapMetricsCollector extends Collector {

    private final List<MapMetric> mapMetrics;
    private final Map<String, EventCounter> eventCounters;
    private final Function<String, MapSnapshot> snapshots;
    private final Function<String, MapSnapshot> dumpSnapshots;
    private final SelfMetrics self;
    /** False when the self metrics are shared and someone else exposes them. */
    private final boolean ownSelf;
    /** Scrapes are single-flight: concurrent scrapers share one read of the maps. */
    private final SingleFlight<Boolean, List<MetricFamilySamples>> scrapes = new SingleFlight<>();
    /** Held by the one running scrape: the metrics' key indexes change only under it. */
    private final Object scrapeLock = new Object();

    private MapMetricsCollector(Builder b, List<MapMetric> mapMetrics, Map<String, EventCounter> eventCounters,
                                SelfMetrics self) {
        this.snapshots = b.snapshots;
        this.dumpSnapshots = b.dumpSnapshots != null ? b.dumpSnapshots : b.snapshots;
        this.self = self;
        this.ownSelf = b.sharedSelf == null;
        this.mapMetrics = List.copyOf(mapMetrics);
        this.eventCounters = Map.copyOf(eventCounters);
    }

    public static Builder builder(Function<String, MapSnapshot> snapshots) {
        return new Builder(snapshots);
    }

    /** The counter the engine feeds with the records of a {@code fromEvents} metric. */
    public EventCounter eventCounter(String metricName) {
        EventCounter c = eventCounters.get(metricName);
        if (c == null) {
            throw new IllegalArgumentException("no event metric " + metricName + " (event metrics: "
                    + String.join(", ", eventCounters.keySet()) + ")");
        }
        return c;
    }

    /** All event counters by metric name. */
    public Map<String, EventCounter> eventCounters() {
        return eventCounters;
    }

    /** The exporter's own counters (decoder errors, dropped series, lost events). */
    public SelfMetrics selfMetrics() {
        return self;
    }

    /** Raw keys remembered with their decoded series, all metrics together (tests: it stays bounded). */
    int rememberedKeys() {
        synchronized (scrapeLock) {
            int n = 0;
            for (MapMetric m : mapMetrics) {
                n += m.rememberedKeys();
            }
            return n;
        }
    }

    /** Names of the maps scrapes read. */
    public Set<String> mapNames() {
        Set<String> out = new HashSet<>();
        for (MapMetric m : mapMetrics) {
            out.add(m.spec.mapName());
        }
        return out;
    }

    /**
     * One scrape's families. Scrapes are single-flight: one that arrives while
     * another reads the maps waits for it and shares its result (read at most a
     * scrape's duration earlier), so concurrent scrapers cost one map read.
     */
    @Override
    public List<MetricFamilySamples> collect() {
        return scrapes.run(Boolean.TRUE, this::scrape);
    }

    private List<MetricFamilySamples> scrape() {
        synchronized (scrapeLock) { // uncontended: scrapes are single-flight
            Map<String, MapRead> reads = new HashMap<>();
            List<MetricFamilySamples> out = new ArrayList<>();
            for (MapMetric m : mapMetrics) {
                MapRead read = reads.computeIfAbsent(m.spec.mapName(), map -> MapRead.of(snapshots, map));
                if (read.error() != null) {
                    self.decoderError(m.spec.config());
                    continue;
                }
                MetricFamilySamples family = m.family(read.snapshot(), self);
                if (family != null) {
                    out.add(family);
                }
            }
            for (EventCounter counter : eventCounters.values()) {
                out.add(counter.collect());
            }
            if (ownSelf) {
                out.addAll(self.collect());
            }
            out.sort(Comparator.comparing(f -> f.name));
            return Collections.unmodifiableList(out);
        }
    }

    /** Every map metric's current entries, raw and decoded, for the debug {@code /maps} page. */
    public List<MetricDump> dump() {
        return MapDump.of(mapMetrics, dumpSnapshots);
    }

    /** Collector construction: the snapshot function, the specs and the decoding environment. */
    public static final class Builder {
        private final Function<String, MapSnapshot> snapshots;
        private final List<MetricSpec> specs = new ArrayList<>();
        private DecoderSet decoders;
        private String namespace = MetricNames.EBPF_EXPORTER_NAMESPACE;
        private int cacheSize = LabelDecoder.DEFAULT_CACHE_SIZE;
        private LongSupplier clock = System::nanoTime;
        private SelfMetrics sharedSelf;
        private Function<String, MapSnapshot> dumpSnapshots;

        private Builder(Function<String, MapSnapshot> snapshots) {
            this.snapshots = snapshots;
        }

        public Builder metric(MetricSpec spec) {
            specs.add(spec);
            return this;
        }

        public Builder metrics(List<MetricSpec> all) {
            specs.addAll(all);
            return this;
        }

        public Builder decoders(DecoderSet set) {
            this.decoders = set;
            return this;
        }

        /** Prefix of the exporter's own metrics ({@code ebpf_exporter} by default). */
        public Builder namespace(String prefix) {
            this.namespace = prefix;
            return this;
        }

        /** Decoded label sets remembered per metric (LRU), so unchanged keys are not decoded again. */
        public Builder decodeCacheSize(int entries) {
            if (entries <= 0) {
                throw new IllegalArgumentException("decode cache size must be positive");
            }
            this.cacheSize = entries;
            return this;
        }

        /**
         * Counts decoder errors, dropped series and lost events in {@code shared}
         * (one set for several collectors); {@link #collect()} then leaves the
         * self metrics out: whoever owns them exposes them once.
         */
        public Builder selfMetrics(SelfMetrics shared) {
            this.sharedSelf = shared;
            return this;
        }

        /**
         * Where the debug dump reads maps, when the scrape's snapshot function reuses
         * its buffers (valid only until its next read, which a dump running next to a
         * scrape would break). Default: the scrape's function.
         */
        public Builder dumpSnapshots(Function<String, MapSnapshot> fresh) {
            this.dumpSnapshots = fresh;
            return this;
        }

        /** Clock for event counter flush intervals (nanoseconds, monotonic). */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = nanoClock;
            return this;
        }

        /**
         * Checks and compiles every metric: names unique, decoders known; event
         * metrics get an {@link EventCounter}, map metrics a {@link MapMetric}.
         */
        public MapMetricsCollector build() {
            DecoderSet set = decoders != null ? decoders : DecoderSet.standard();
            SelfMetrics self = sharedSelf != null ? sharedSelf : new SelfMetrics(namespace);
            List<MapMetric> compiled = new ArrayList<>();
            Map<String, EventCounter> events = new LinkedHashMap<>();
            Set<String> names = new HashSet<>();
            for (MetricSpec spec : specs) {
                if (!names.add(spec.name())) {
                    throw new BpfxException.BadInput("metric " + spec.name() + " is defined twice");
                }
                validateDecoders(spec, set);
                self.registerConfig(spec.config());
                if (spec.seriesLimit() > 0) {
                    self.registerLimitedMetric(spec.name());
                }
                if (spec.fromEvents()) {
                    self.registerEventMetric(spec.name());
                    events.put(spec.name(), new EventCounter(spec,
                            new LabelDecoder(spec.keyLabels(), set, cacheSize), self, clock));
                } else {
                    compiled.add(new MapMetric(spec, set, cacheSize));
                }
            }
            return new MapMetricsCollector(this, compiled, events, self);
        }

        private static void validateDecoders(MetricSpec spec, DecoderSet decoders) {
            List<LabelSpec> all = new ArrayList<>(spec.keyLabels());
            if (spec.perCpu() == PerCpuMode.SPLIT) {
                all.add(spec.cpuLabel());
            }
            for (LabelSpec label : all) {
                try {
                    decoders.validate(label.effectiveDecoders());
                } catch (IllegalArgumentException e) {
                    throw new BpfxException.BadInput("metric " + spec.name() + ", label " + label.name() + ": " + e.getMessage());
                }
            }
        }
    }
}
