package io.bpfx.exporter;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.metric.CardinalityGuard;
import io.bpfx.exporter.metric.CounterMetric;
import io.bpfx.exporter.metric.GaugeMetric;
import io.bpfx.exporter.metric.HistogramMetric;
import io.bpfx.exporter.metric.LabelDecoder;
import io.bpfx.exporter.metric.LabelValues;
import io.bpfx.exporter.metric.ScalarMetric;
import io.bpfx.exporter.metric.SelfMetrics;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.PerCpuMode;
import io.bpfx.exporter.spec.ValueSpec;
import io.prometheus.client.Collector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 */
public final class MapMetricsCollector extends Collector {

    private final List<Compiled> mapMetrics;
    private final Map<String, EventCounter> eventCounters;
    private final Function<String, MapSnapshot> snapshots;
    private final SelfMetrics self;
    /** False when the self metrics are shared and someone else exposes them. */
    private final boolean ownSelf;

    /** Per metric state that outlives a scrape: decoded label caches and the cardinality guard. */
    private static final class Compiled {
        final MetricSpec spec;
        final LabelDecoder keys;
        /** For a SPLIT spec on a map that turns out not to be per-CPU: the cpu label read from the key. */
        final LabelDecoder keysWithCpu;
        final CpuLabels cpus;
        final CardinalityGuard guard;

        Compiled(MetricSpec spec, DecoderSet decoders, int cacheSize) {
            this.spec = spec;
            this.keys = new LabelDecoder(spec.keyLabels(), decoders, cacheSize);
            if (spec.perCpu() == PerCpuMode.SPLIT && spec.expectedKeySize() >= 0) {
                List<LabelSpec> withCpu = new ArrayList<>(spec.keyLabels());
                LabelSpec cpu = spec.cpuLabel();
                withCpu.add(new LabelSpec(cpu.name(), spec.expectedKeySize(), cpu.size(), cpu.decoders(), cpu.hint()));
                this.keysWithCpu = new LabelDecoder(withCpu, decoders, cacheSize);
            } else {
                this.keysWithCpu = null;
            }
            this.cpus = spec.perCpu() == PerCpuMode.SPLIT ? new CpuLabels(spec.cpuLabel(), decoders) : null;
            this.guard = new CardinalityGuard(spec.seriesLimit());
        }
    }

    /** The CPU label of split per-CPU metrics: the CPU index as 2 little-endian bytes through the label's decoders. */
    private static final class CpuLabels {
        private final LabelDecoder decoder;
        private final Map<Integer, LabelValues> cache = new ConcurrentHashMap<>();

        CpuLabels(LabelSpec label, DecoderSet decoders) {
            this.decoder = new LabelDecoder(List.of(new LabelSpec(label.name(), 0, 2, label.decoders(), label.hint())),
                    decoders, 4096);
        }

        String label(int cpu) throws DecodeException, SkipSeries {
            LabelValues v = cache.get(cpu);
            if (v == null) {
                v = decoder.decode(new byte[] {(byte) cpu, (byte) (cpu >>> 8)});
                cache.put(cpu, v);
            }
            return v.get(0);
        }
    }

    /** One read of a map for a scrape: the snapshot or why there is none. */
    private record Read(MapSnapshot snapshot, String error) {
    }

    private MapMetricsCollector(Builder b) {
        this.snapshots = b.snapshots;
        this.self = b.sharedSelf != null ? b.sharedSelf : new SelfMetrics(b.namespace);
        this.ownSelf = b.sharedSelf == null;
        List<Compiled> compiled = new ArrayList<>();
        Map<String, EventCounter> events = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (MetricSpec spec : b.specs) {
            if (!names.add(spec.name())) {
                throw new BpfxException.BadInput("metric " + spec.name() + " is defined twice");
            }
            validateDecoders(spec, b.decoders);
            self.registerConfig(spec.config());
            if (spec.seriesLimit() > 0) {
                self.registerLimitedMetric(spec.name());
            }
            if (spec.fromEvents()) {
                self.registerEventMetric(spec.name());
                events.put(spec.name(), new EventCounter(spec,
                        new LabelDecoder(spec.keyLabels(), b.decoders, b.cacheSize), self, b.clock));
            } else {
                compiled.add(new Compiled(spec, b.decoders, b.cacheSize));
            }
        }
        this.mapMetrics = List.copyOf(compiled);
        this.eventCounters = Map.copyOf(events);
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

    /** Names of the maps scrapes read. */
    public Set<String> mapNames() {
        Set<String> out = new HashSet<>();
        for (Compiled c : mapMetrics) {
            out.add(c.spec.mapName());
        }
        return out;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, Read> reads = new HashMap<>();
        List<MetricFamilySamples> out = new ArrayList<>();
        for (Compiled c : mapMetrics) {
            Read read = reads.computeIfAbsent(c.spec.mapName(), this::read);
            if (read.error != null) {
                self.decoderError(c.spec.config());
                continue;
            }
            MetricFamilySamples family = family(c, read.snapshot);
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
        return out;
    }

    private Read read(String map) {
        try {
            MapSnapshot snapshot = snapshots.apply(map);
            return snapshot == null ? new Read(null, "map " + map + " is not available") : new Read(snapshot, null);
        } catch (RuntimeException e) {
            return new Read(null, "cannot read map " + map + ": " + e.getMessage());
        }
    }

    /** How keys of this snapshot map to labels, or why they cannot. */
    private record Layout(boolean cpuInKey, String problem) {
    }

    private static Layout layout(MetricSpec spec, MapSnapshot snap) {
        ValueSpec v = spec.valueOrDefault();
        if (v.offset() + v.size() > snap.valueSize()) {
            return new Layout(false, "value field [" + v.offset() + ", " + (v.offset() + v.size())
                    + ") is outside the " + snap.valueSize() + "-byte value");
        }
        int ks = snap.keySize();
        int expected = spec.expectedKeySize();
        // a SPLIT spec whose map is not per-CPU after all (one CPU slot, key bigger by the cpu field)
        boolean cpuInKey = spec.perCpu() == PerCpuMode.SPLIT && snap.cpus() == 1 && expected >= 0
                && ks >= expected + spec.cpuLabel().size();
        if (expected >= 0 && !cpuInKey && ks != expected && !(spec.keyLabels().isEmpty() && ks == 4)) {
            return new Layout(false, "labels cover " + expected + " bytes but the key is " + ks + " bytes");
        }
        for (LabelSpec label : spec.keyLabels()) {
            if (label.end() > ks) {
                return new Layout(false, "label " + label.name() + " needs bytes [" + label.offset() + ", "
                        + label.end() + ") but the key is " + ks + " bytes");
            }
        }
        return new Layout(cpuInKey, null);
    }

    private static boolean allZero(byte[] key) {
        for (byte b : key) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private MetricFamilySamples family(Compiled c, MapSnapshot snap) {
        MetricSpec spec = c.spec;
        Layout layout = layout(spec, snap);
        if (layout.problem != null) {
            self.decoderError(spec.config());
            return null;
        }
        ValueSpec v = spec.valueOrDefault();
        boolean split = spec.perCpu() == PerCpuMode.SPLIT && !layout.cpuInKey;
        LabelDecoder decoder = layout.cpuInKey ? c.keysWithCpu : c.keys;
        boolean noLabels = spec.keyLabels().isEmpty() && !layout.cpuInKey;
        ByteBuffer keys = snap.keys();
        ByteBuffer values = snap.values();

        ScalarMetric scalar = spec.type() == MetricType.GAUGE ? new GaugeMetric()
                : spec.type() == MetricType.COUNTER ? new CounterMetric() : null;
        HistogramMetric histogram = spec.type() == MetricType.HISTOGRAM ? new HistogramMetric(spec.histogram()) : null;
        Set<LabelValues> badHistograms = new HashSet<>();

        for (int i = 0; i < snap.count(); i++) {
            byte[] key = new byte[snap.keySize()];
            keys.get(snap.keyOffset(i), key);

            LabelValues labels;
            if (noLabels) {
                // ebpf_exporter: without labels the map is an array with the single key u32 0
                if (spec.expectedKeySize() >= 0 && !(key.length == 4 && allZero(key)) && key.length != spec.expectedKeySize()) {
                    self.decoderError(spec.config());
                    continue;
                }
                labels = LabelValues.EMPTY;
            } else {
                try {
                    labels = decoder.decode(key);
                } catch (DecodeException e) {
                    self.decoderError(spec.config());
                    continue;
                } catch (SkipSeries skip) {
                    continue;
                }
            }

            if (split) {
                for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                    String cpuLabel;
                    try {
                        cpuLabel = c.cpus.label(cpu);
                    } catch (DecodeException e) {
                        self.decoderError(spec.config());
                        continue;
                    } catch (SkipSeries skip) {
                        continue;
                    }
                    scalar.add(labels.plus(cpuLabel), RawValues.read(values, snap.valueOffset(i, cpu) + v.offset(), v));
                }
                continue;
            }

            double value = 0;
            for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                value += RawValues.read(values, snap.valueOffset(i, cpu) + v.offset(), v);
            }
            if (histogram != null) {
                LabelValues series = labels.withoutLast();
                double bucket;
                try {
                    bucket = RawValues.unsignedToDouble(HistogramMetric.parseBucketKey(labels.get(labels.size() - 1)));
                } catch (NumberFormatException e) {
                    self.decoderError(spec.config());
                    badHistograms.add(series);
                    continue;
                }
                histogram.add(series, bucket, value);
            } else {
                scalar.add(labels, value);
            }
        }

        if (histogram != null) {
            // a series with an unreadable bucket would have wrong counts: leave it out entirely
            badHistograms.forEach(histogram::remove);
            Set<LabelValues> kept = guard(c, histogram.series());
            histogram.retain(kept);
            return histogram.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
        }
        Set<LabelValues> kept = guard(c, scalar.series());
        scalar.retain(kept);
        return scalar.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
    }

    private Set<LabelValues> guard(Compiled c, Set<LabelValues> present) {
        if (c.guard.limit() == 0) {
            return present;
        }
        List<LabelValues> offered = new ArrayList<>(present);
        offered.sort(Comparator.comparing(LabelValues::toString));
        Set<LabelValues> kept = c.guard.admit(offered);
        self.droppedSeries(c.spec.name(), present.size() - kept.size());
        return kept;
    }

    /** Every map metric's current entries, raw and decoded, for the debug {@code /maps} page. */
    public List<MetricDump> dump() {
        Map<String, Read> reads = new HashMap<>();
        List<MetricDump> out = new ArrayList<>();
        for (Compiled c : mapMetrics) {
            MetricSpec spec = c.spec;
            Read read = reads.computeIfAbsent(spec.mapName(), this::read);
            if (read.error != null) {
                out.add(new MetricDump(spec.name(), spec.mapName(), read.error, List.of()));
                continue;
            }
            MapSnapshot snap = read.snapshot;
            Layout layout = layout(spec, snap);
            if (layout.problem != null) {
                out.add(new MetricDump(spec.name(), spec.mapName(), layout.problem, List.of()));
                continue;
            }
            LabelDecoder decoder = layout.cpuInKey ? c.keysWithCpu : c.keys;
            List<LabelSpec> names = new ArrayList<>(spec.keyLabels());
            if (layout.cpuInKey) {
                names.add(spec.cpuLabel());
            }
            ValueSpec v = spec.valueOrDefault();
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
                rows.add(new MetricDump.Row(hex(key), labels, status, vals));
            }
            out.add(new MetricDump(spec.name(), spec.mapName(), null, rows));
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
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

        /** Clock for event counter flush intervals (nanoseconds, monotonic). */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = nanoClock;
            return this;
        }

        public MapMetricsCollector build() {
            if (decoders == null) {
                decoders = DecoderSet.standard();
            }
            return new MapMetricsCollector(this);
        }
    }
}
