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
import io.bpfx.exporter.metric.ExposedLabels;
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
    private final Function<String, MapSnapshot> dumpSnapshots;
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
        /** Raw keys seen and their series: only touched inside a scrape (scrapes are single-flight). */
        KeyIndex index;
        SeriesTable table;
        int scrape;

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
        this.dumpSnapshots = b.dumpSnapshots != null ? b.dumpSnapshots : b.snapshots;
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

    /** Raw keys remembered with their decoded series, all metrics together (tests: it stays bounded). */
    int rememberedKeys() {
        synchronized (flightLock) {
            int n = 0;
            for (Compiled c : mapMetrics) {
                n += c.index == null ? 0 : c.index.size();
            }
            return n;
        }
    }

    /** Names of the maps scrapes read. */
    public Set<String> mapNames() {
        Set<String> out = new HashSet<>();
        for (Compiled c : mapMetrics) {
            out.add(c.spec.mapName());
        }
        return out;
    }

    private final Object flightLock = new Object();
    private java.util.concurrent.CompletableFuture<List<MetricFamilySamples>> inflight;

    /**
     * One scrape's families. Scrapes are single-flight: one that arrives while
     * another reads the maps waits for it and shares its result (read at most a
     * scrape's duration earlier), so concurrent scrapers cost one map read.
     */
    @Override
    public List<MetricFamilySamples> collect() {
        java.util.concurrent.CompletableFuture<List<MetricFamilySamples>> mine = null;
        java.util.concurrent.CompletableFuture<List<MetricFamilySamples>> running;
        synchronized (flightLock) {
            if (inflight == null) {
                inflight = mine = new java.util.concurrent.CompletableFuture<>();
            }
            running = inflight;
        }
        if (mine == null) {
            try {
                return running.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            List<MetricFamilySamples> out = scrape();
            mine.complete(out);
            return out;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (flightLock) {
                inflight = null;
            }
        }
    }

    private List<MetricFamilySamples> scrape() {
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
        return java.util.Collections.unmodifiableList(out);
    }

    private Read read(String map) {
        return read(snapshots, map);
    }

    private Read readForDump(String map) {
        return read(dumpSnapshots, map);
    }

    private static Read read(Function<String, MapSnapshot> snapshots, String map) {
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
        boolean split = spec.perCpu() == PerCpuMode.SPLIT && !layout.cpuInKey;
        if (!split) {
            return indexed(c, snap, layout);
        }
        ValueSpec v = spec.valueOrDefault();
        LabelDecoder decoder = layout.cpuInKey ? c.keysWithCpu : c.keys;
        boolean noLabels = spec.keyLabels().isEmpty() && !layout.cpuInKey;
        ByteBuffer keys = snap.keys();
        ByteBuffer values = snap.values();
        ScalarMetric scalar = spec.type() == MetricType.GAUGE ? new GaugeMetric() : new CounterMetric();
        for (int i = 0; i < snap.count(); i++) {
            byte[] key = new byte[snap.keySize()];
            keys.get(snap.keyOffset(i), key);
            LabelValues labels;
            if (noLabels) {
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
        }
        Set<LabelValues> kept = guard(c, scalar.series());
        scalar.retain(kept);
        return scalar.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
    }

    /**
     * Every metric whose series come from the key alone (no per-CPU split): keys
     * are looked up in the metric's {@link KeyIndex} straight from the snapshot and
     * decoded only the first time they are seen; values are added per series id and
     * written out in the cached exposition order.
     */
    private MetricFamilySamples indexed(Compiled c, MapSnapshot snap, Layout layout) {
        MetricSpec spec = c.spec;
        ValueSpec v = spec.valueOrDefault();
        LabelDecoder decoder = layout.cpuInKey ? c.keysWithCpu : c.keys;
        boolean noLabels = spec.keyLabels().isEmpty() && !layout.cpuInKey;
        ByteBuffer keys = snap.keys();
        ByteBuffer values = snap.values();
        int ks = snap.keySize();
        if (c.index == null || c.index.keySize() != ks) {
            c.index = new KeyIndex(ks, Math.max(16, snap.count()));
            // a cpu label read from the key is the last of seriesLabelNames() already
            c.table = new SeriesTable(new ExposedLabels(spec.seriesLabelNames()));
        }
        KeyIndex index = c.index;
        SeriesTable table = c.table;
        int scrape = ++c.scrape;
        boolean histogram = spec.type() == MetricType.HISTOGRAM;
        HistogramMetric hist = histogram ? new HistogramMetric(spec.histogram()) : null;
        Set<LabelValues> badHistograms = histogram ? new HashSet<>() : null;
        double[] sums = histogram ? null : new double[Math.max(16, table.size())];
        int present = 0;
        int slot = -1;
        for (int i = 0; i < snap.count(); i++) {
            int off = snap.keyOffset(i);
            int sid;
            if (!index.holds(slot + 1, keys, off)) {
                slot = index.find(keys, off, index.hash(keys, off));
            } else {
                slot++;
            }
            if (slot >= 0) {
                index.markSeen(slot, scrape);
                sid = index.series(slot);
            } else {
                byte[] key = new byte[ks];
                keys.get(off, key);
                LabelValues labels;
                if (noLabels) {
                    if (spec.expectedKeySize() >= 0 && !(key.length == 4 && allZero(key)) && key.length != spec.expectedKeySize()) {
                        self.decoderError(spec.config());
                        continue;
                    }
                    labels = LabelValues.EMPTY;
                } else {
                    try {
                        labels = decoder.decodeUncached(key);
                    } catch (DecodeException e) {
                        self.decoderError(spec.config()); // not remembered: counted on every scrape, as ebpf_exporter does
                        continue;
                    } catch (SkipSeries skip) {
                        slot = index.insert(keys, off, index.hash(keys, off), KeyIndex.SKIPPED, scrape);
                        continue;
                    }
                }
                sid = table.idFor(labels);
                slot = index.insert(keys, off, index.hash(keys, off), sid, scrape);
            }
            if (sid == KeyIndex.SKIPPED) {
                continue;
            }
            if (table.markSeen(sid, scrape)) {
                present++;
            }
            double value = 0;
            for (int cpu = 0; cpu < snap.cpus(); cpu++) {
                value += RawValues.read(values, snap.valueOffset(i, cpu) + v.offset(), v);
            }
            if (histogram) {
                LabelValues labels = table.labels(sid);
                LabelValues series = labels.withoutLast();
                double bucket;
                try {
                    bucket = RawValues.unsignedToDouble(HistogramMetric.parseBucketKey(labels.get(labels.size() - 1)));
                } catch (NumberFormatException e) {
                    self.decoderError(spec.config());
                    badHistograms.add(series);
                    continue;
                }
                hist.add(series, bucket, value);
            } else {
                if (sid >= sums.length) {
                    sums = java.util.Arrays.copyOf(sums, Math.max(sid + 1, sums.length * 2));
                }
                sums[sid] += value;
            }
        }

        // keys and series that left the map are forgotten once they are most of what is remembered
        if (index.size() > 2 * snap.count() + 4096 || table.size() > 2 * present + 4096) {
            int[] renumber = table.retainSeenIn(scrape);
            index.retainSeenIn(scrape, renumber);
            if (sums != null) {
                double[] moved = new double[Math.max(16, table.size())];
                for (int old = 0; old < renumber.length && old < sums.length; old++) {
                    if (renumber[old] >= 0) {
                        moved[renumber[old]] = sums[old];
                    }
                }
                sums = moved;
            }
        }

        if (histogram) {
            badHistograms.forEach(hist::remove);
            Set<LabelValues> kept = guard(c, hist.series());
            hist.retain(kept);
            return hist.toFamily(spec.name(), spec.help(), spec.seriesLabelNames());
        }

        Set<LabelValues> admitted = null;
        if (c.guard.limit() > 0) {
            Set<LabelValues> all = new HashSet<>();
            for (int sid = 0; sid < table.size(); sid++) {
                if (table.seenIn(sid, scrape)) {
                    all.add(table.labels(sid));
                }
            }
            admitted = guard(c, all);
        }
        boolean counter = spec.type() == MetricType.COUNTER;
        String sampleName = counter ? MetricNames.counterFamily(spec.name()) + "_total" : spec.name();
        List<String> names = table.exposedNames();
        List<MetricFamilySamples.Sample> samples = new ArrayList<>(admitted != null ? admitted.size() : present);
        for (int sid : table.order()) {
            if (!table.seenIn(sid, scrape) || (admitted != null && !admitted.contains(table.labels(sid)))) {
                continue;
            }
            samples.add(new MetricFamilySamples.Sample(sampleName, names, table.exposedValues(sid), sums[sid]));
        }
        return new MetricFamilySamples(counter ? MetricNames.counterFamily(spec.name()) : spec.name(),
                counter ? Type.COUNTER : Type.GAUGE, spec.help(), samples);
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
            Read read = reads.computeIfAbsent(spec.mapName(), this::readForDump);
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

        public MapMetricsCollector build() {
            if (decoders == null) {
                decoders = DecoderSet.standard();
            }
            return new MapMetricsCollector(this);
        }
    }
}
