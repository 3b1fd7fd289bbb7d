package io.bpfx.exporter.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to turn the raw bytes of one BPF map (or of event records)
 * into one Prometheus metric family. Works on {@code MapSnapshot} bytes only; an
 * engine or DSL adapter builds these from a Lua table or a YAML file.
 *
 * @param type            counter, gauge or histogram
 * @param name            exposed metric name, already prefixed (e.g. {@code ebpf_exporter_bio_latency_seconds})
 * @param help            HELP text
 * @param config          config (script, YAML file) the metric comes from; labels decoder error counts
 * @param mapName         BPF map to read; for {@code fromEvents} the ring/perf buffer feeding it
 * @param labels          key fields; for histograms the last one is the bucket index
 * @param value           where the number sits in the value (event record for {@code fromEvents});
 *                        null means the whole value is a u64 (for events: count records)
 * @param perCpu          sum the CPU slots of a per-CPU map, or split them with {@code cpuLabel}
 * @param cpuLabel        label for {@link PerCpuMode#SPLIT}, decoding the CPU index as 2 little-endian bytes
 * @param histogram       bucket layout, only for histograms
 * @param fromEvents      the counter counts event records fed to an {@code EventCounter}, not map entries
 * @param seriesLimit     most series kept per scrape (0: no limit); the rest are dropped and counted
 * @param expectedKeySize key size the labels must cover exactly (ebpf_exporter's check), or -1 for no check
 * @param flushInterval   for {@code fromEvents}: how often counts restart from zero (null: never)
 */
public record MetricSpec(MetricType type, String name, String help, String config, String mapName,
                         List<LabelSpec> labels, ValueSpec value, PerCpuMode perCpu, LabelSpec cpuLabel,
                         HistogramSpec histogram, boolean fromEvents, int seriesLimit, int expectedKeySize,
                         Duration flushInterval) {

    /** The CPU label ebpf_exporter's examples use: 2 bytes, decoded as uint. */
    public static final LabelSpec DEFAULT_CPU_LABEL = new LabelSpec("cpu", 0, 2, List.of(DecoderSpec.of("uint")));

    public MetricSpec {
        if (type == null) {
            throw new IllegalArgumentException("metric needs a type");
        }
        MetricNames.requireMetricName(name);
        help = help == null ? "" : help;
        config = config == null ? "" : config;
        if (mapName == null || mapName.isEmpty()) {
            throw new IllegalArgumentException("metric " + name + " needs a map name");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        perCpu = perCpu == null ? PerCpuMode.SUM : perCpu;
        if (perCpu == PerCpuMode.SPLIT && cpuLabel == null) {
            cpuLabel = DEFAULT_CPU_LABEL;
        }
        if (seriesLimit < 0) {
            throw new IllegalArgumentException("metric " + name + ": series limit " + seriesLimit + " is negative");
        }
        if (expectedKeySize < -1) {
            throw new IllegalArgumentException("metric " + name + ": expected key size " + expectedKeySize + " is invalid");
        }

        if (type == MetricType.HISTOGRAM) {
            if (histogram == null) {
                throw new IllegalArgumentException("histogram " + name + " needs a bucket layout");
            }
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("histogram " + name + " needs at least one label, the last one is the bucket");
            }
            if (perCpu == PerCpuMode.SPLIT) {
                throw new IllegalArgumentException("histogram " + name + " cannot split per-CPU values");
            }
        } else if (histogram != null) {
            throw new IllegalArgumentException(type + " " + name + " cannot have a bucket layout");
        }
        if (fromEvents && type != MetricType.COUNTER) {
            throw new IllegalArgumentException("metric " + name + ": only counters can count events");
        }

        Set<String> seen = new HashSet<>();
        for (LabelSpec label : exposedLabels(type, labels, perCpu, cpuLabel)) {
            if (!seen.add(label.name())) {
                throw new IllegalArgumentException("metric " + name + ": label " + label.name() + " appears twice");
            }
            if (type == MetricType.HISTOGRAM && label.name().equals("le")) {
                throw new IllegalArgumentException("histogram " + name + ": label name le is reserved for buckets");
            }
        }
    }

    /** Labels that end up on the exposed series, in config order (without the bucket, with the CPU). */
    public List<LabelSpec> seriesLabels() {
        return exposedLabels(type, labels, perCpu, cpuLabel);
    }

    /** Key labels decoded from each map key (for histograms including the bucket). */
    public List<LabelSpec> keyLabels() {
        return labels;
    }

    /** Exposed label names, in config order. */
    public List<String> seriesLabelNames() {
        List<String> names = new ArrayList<>();
        for (LabelSpec label : seriesLabels()) {
            names.add(label.name());
        }
        return names;
    }

    /** Value layout, with the u64 default filled in. */
    public ValueSpec valueOrDefault() {
        return value == null ? ValueSpec.U64 : value;
    }

    private static List<LabelSpec> exposedLabels(MetricType type, List<LabelSpec> labels, PerCpuMode perCpu,
                                                 LabelSpec cpuLabel) {
        List<LabelSpec> out = new ArrayList<>(labels);
        if (type == MetricType.HISTOGRAM && !out.isEmpty()) {
            out.remove(out.size() - 1);
        }
        if (perCpu == PerCpuMode.SPLIT) {
            out.add(cpuLabel);
        }
        return out;
    }

    public static Builder counter(String name) {
        return new Builder(MetricType.COUNTER, name);
    }

    public static Builder gauge(String name) {
        return new Builder(MetricType.GAUGE, name);
    }

    public static Builder histogram(String name, HistogramSpec buckets) {
        return new Builder(MetricType.HISTOGRAM, name).buckets(buckets);
    }

    public static Builder builder(MetricType type, String name) {
        return new Builder(type, name);
    }

    /** Step by step construction, for adapters that fill a spec from a Lua table or YAML map. */
    public static final class Builder {
        private final MetricType type;
        private final String name;
        private String help = "";
        private String config = "";
        private String mapName;
        private final List<LabelSpec> labels = new ArrayList<>();
        private ValueSpec value;
        private PerCpuMode perCpu = PerCpuMode.SUM;
        private LabelSpec cpuLabel;
        private HistogramSpec histogram;
        private boolean fromEvents;
        private int seriesLimit;
        private int expectedKeySize = -1;
        private Duration flushInterval;

        private Builder(MetricType type, String name) {
            this.type = type;
            this.name = name;
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        public Builder config(String configName) {
            this.config = configName;
            return this;
        }

        public Builder map(String name) {
            this.mapName = name;
            return this;
        }

        public Builder label(LabelSpec label) {
            labels.add(label);
            return this;
        }

        /** Label at {@code offset}/{@code size} with the given decoder chain (names only). */
        public Builder label(String labelName, int offset, int size, String... decoderNames) {
            List<DecoderSpec> decoders = new ArrayList<>();
            for (String d : decoderNames) {
                decoders.add(DecoderSpec.of(d));
            }
            return label(new LabelSpec(labelName, offset, size, decoders));
        }

        public Builder labels(List<LabelSpec> all) {
            labels.addAll(all);
            return this;
        }

        public Builder value(ValueSpec layout) {
            this.value = layout;
            return this;
        }

        public Builder perCpu(PerCpuMode mode) {
            this.perCpu = mode;
            return this;
        }

        public Builder cpuLabel(LabelSpec label) {
            this.cpuLabel = label;
            this.perCpu = PerCpuMode.SPLIT;
            return this;
        }

        public Builder buckets(HistogramSpec layout) {
            this.histogram = layout;
            return this;
        }

        public Builder fromEvents(boolean events) {
            this.fromEvents = events;
            return this;
        }

        public Builder seriesLimit(int limit) {
            this.seriesLimit = limit;
            return this;
        }

        public Builder expectedKeySize(int bytes) {
            this.expectedKeySize = bytes;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        public MetricSpec build() {
            return new MetricSpec(type, name, help, config, mapName, labels, value, perCpu, cpuLabel, histogram,
                    fromEvents, seriesLimit, expectedKeySize, flushInterval);
        }
    }
}
