package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.PerCpuMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * bpfx's own metric description, as a plain map: what the DSL gets from a Lua
 * table (converted to {@code Map}/{@code List}/numbers/strings) or a YAML block.
 * The keys follow ebpf_exporter's where they exist, plus explicit offsets, value
 * fields, per-CPU handling, events and limits:
 *
 * <pre>
 * type: counter | gauge | histogram        name: syscalls_total (exposed as namespace_name)
 * help: ...                                map: syscalls (default: name)
 * labels:
 *   - {name: comm, size: 16, decoders: [string]}            # offset: end of the previous label
 *   - {name: nr, offset: 16, size: 4, decoders: [uint, syscall]}
 * value: {offset: 8, size: 4, signed: true}                # default: the whole value, u64
 * percpu: sum | split                      cpu_label: {name: cpu, decoders: [uint]}
 * bucket_type / bucket_min / bucket_max / bucket_keys / bucket_multiplier   # histograms
 * from_events: true   flush_interval: 1m   series_limit: 1000   key_size: 24
 * </pre>
 *
 * Decoders are names or ebpf_exporter decoder maps; without decoders a label
 * gets defaults from its size (and BTF hint). Problems are one-line
 * {@code BadInput}s naming the source and the key path.
 *
 * <p>The parts: {@link LabelsReader}, {@link ValueReader}, {@link BucketsReader}.
 * With the map's BTF ({@link Options#key()}, {@link Options#value()}) labels
 * need no byte counting: a label is a field by {@code field = "name"}, else the
 * key field of the same name, else the key's next field in order (a bare
 * string is a label with just a name); {@code value = "field"} picks a value
 * member; a histogram whose key struct has a {@code bucket} member (or whose key
 * is a bare integer) gets its bucket label added. Explicit {@code offset}/{@code
 * size} still read raw bytes, as in ebpf_exporter configs.
 */
public final class MetricSpecReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("type", "name", "help", "map", "labels", "value", "percpu",
            "cpu_label", "bucket_type", "bucket_min", "bucket_max", "bucket_keys", "bucket_multiplier", "from_events",
            "flush_interval", "series_limit", "key_size", "event_type");

    /**
     * How to read one metric table: {@link #of} and the {@code with*} copies, or
     * {@link #builder}.
     */
    public static final class Options {
        private final String source;
        private final String config;
        private final String namespace;
        private final BtfFields key;
        private final BtfFields value;
        private final boolean lenient;
        private final String defaultMap;
        private final int seriesLimit;

        private Options(Builder b) {
            this.source = b.source;
            this.config = b.config;
            this.namespace = b.namespace;
            this.key = b.key;
            this.value = b.value;
            this.lenient = b.lenient;
            this.defaultMap = b.defaultMap;
            this.seriesLimit = b.seriesLimit;
        }

        /**
         * @param source    error message prefix, e.g. {@code opens.lua:12}
         * @param namespace prefix of the exposed name ({@code bpfx}; empty for none)
         */
        public static Builder builder(String source, String namespace) {
            return new Builder(source, namespace);
        }

        public static Options of(String source, String namespace) {
            return builder(source, namespace).build();
        }

        public Builder toBuilder() {
            return new Builder(source, namespace).config(config).fields(key, value).lenient(lenient)
                    .defaultMap(defaultMap).seriesLimit(seriesLimit);
        }

        public Options withConfig(String name) {
            return toBuilder().config(name).build();
        }

        public Options withFields(BtfFields keyFields, BtfFields valueFields) {
            return toBuilder().fields(keyFields, valueFields).build();
        }

        /** No BTF yet: labels and values that need it pass unchecked. */
        public Options asLenient() {
            return toBuilder().lenient(true).build();
        }

        public Options withDefaultMap(String map) {
            return toBuilder().defaultMap(map).build();
        }

        public Options withSeriesLimit(int limit) {
            return toBuilder().seriesLimit(limit).build();
        }

        public String source() {
            return source;
        }

        /** The config the metric belongs to (label of {@code decoder_errors_total}); null: the source. */
        public String config() {
            return config;
        }

        public String namespace() {
            return namespace;
        }

        /** Fields of the map key (or event record) from BTF; null when not known. */
        public BtfFields key() {
            return key;
        }

        /** Fields of the map value (or event record) from BTF; null when not known. */
        public BtfFields value() {
            return value;
        }

        /** Without BTF, accept labels and values that need it (a check before the object exists). */
        public boolean lenient() {
            return lenient;
        }

        /** Map when the table names none; null: the metric's name (ebpf_exporter's rule). */
        public String defaultMap() {
            return defaultMap;
        }

        /** Series limit when the table sets none (0: none). */
        public int seriesLimit() {
            return seriesLimit;
        }

        /** Settings of {@link Options}; every one but the source and namespace is optional. */
        public static final class Builder {
            private final String source;
            private final String namespace;
            private String config;
            private BtfFields key;
            private BtfFields value;
            private boolean lenient;
            private String defaultMap;
            private int seriesLimit;

            private Builder(String source, String namespace) {
                this.source = source;
                this.namespace = namespace;
            }

            public Builder config(String name) {
                this.config = name;
                return this;
            }

            public Builder fields(BtfFields keyFields, BtfFields valueFields) {
                this.key = keyFields;
                this.value = valueFields;
                return this;
            }

            public Builder lenient(boolean on) {
                this.lenient = on;
                return this;
            }

            public Builder defaultMap(String map) {
                this.defaultMap = map;
                return this;
            }

            public Builder seriesLimit(int limit) {
                this.seriesLimit = limit;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }

    private final ConfigFields f;
    private final Options o;
    private final LabelsReader labels;
    private final ValueReader values;
    private final BucketsReader buckets;

    private MetricSpecReader(Options options) {
        this.f = new ConfigFields(options.source());
        this.o = options;
        this.labels = new LabelsReader(f, options.key(), options.lenient());
        this.values = new ValueReader(f, options.value(), options.lenient());
        this.buckets = new BucketsReader(f);
    }

    /**
     * Reads one metric.
     *
     * @param table     the description (maps, lists, strings, numbers, booleans)
     * @param source    script or file it comes from: error prefix and the config the metric belongs to
     * @param path      where the table sits in the source, for error messages ({@code ""}, {@code metrics[2]})
     * @param namespace prefix of the exposed name ({@code bpfx}; empty for none)
     */
    public static MetricSpec read(Map<String, ?> table, String source, String path, String namespace) {
        return read(table, path, Options.of(source, namespace));
    }

    /** Reads one metric with BTF fields and other options. */
    public static MetricSpec read(Map<String, ?> table, String path, Options options) {
        JsonNode node = JSON.valueToTree(table);
        return new MetricSpecReader(options).metric(node, path, options.namespace());
    }

    /** Reads a list of metrics; names must be unique. */
    public static List<MetricSpec> readAll(List<? extends Map<String, ?>> tables, String source, String namespace) {
        MetricSpecReader reader = new MetricSpecReader(Options.of(source, namespace));
        List<MetricSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            String path = "metrics[" + i + "]";
            MetricSpec spec = reader.metric(JSON.valueToTree(tables.get(i)), path, namespace);
            reader.f.unique(names, spec.name(), path + ".name");
            out.add(spec);
        }
        return out;
    }

    /**
     * The raw {@code map} and {@code from_events} of a table, before it is read:
     * what an adapter needs to find the map whose BTF goes into {@link Options}.
     */
    public record Target(String map, boolean fromEvents, String eventType) {
    }

    /** Peeks at where a metric reads from ({@code map} may be null: not given). */
    public static Target target(Map<String, ?> table) {
        Object map = table.get("map");
        Object events = table.get("from_events");
        Object type = table.get("event_type");
        return new Target(map instanceof String m ? m : null, Boolean.TRUE.equals(events),
                type instanceof String t ? t : null);
    }

    private MetricSpec metric(JsonNode node, String path, String namespace) {
        f.object(node, path, KEYS);
        String typeName = f.requiredString(node, path, "type");
        MetricType type;
        try {
            type = MetricType.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.bad(ConfigFields.at(path, "type"), "unknown type \"" + typeName + "\" (expected counter, gauge or histogram)");
        }
        String name = f.requiredString(node, path, "name");
        String fullName = MetricNames.fullName(namespace, name);
        if (!MetricNames.isValidMetricName(fullName)) {
            throw f.bad(ConfigFields.at(path, "name"), "invalid metric name \"" + fullName + "\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }

        boolean fromEvents = f.bool(node.get("from_events"), ConfigFields.at(path, "from_events"));
        String eventType = f.optionalString(node, path, "event_type", null);
        if (eventType != null && !fromEvents) {
            throw f.bad(ConfigFields.at(path, "event_type"), "only applies to from_events counters");
        }
        List<LabelSpec> keyLabels = labels.read(node.get("labels"), ConfigFields.at(path, "labels"));
        if (type == MetricType.HISTOGRAM) {
            keyLabels = labels.withBucket(keyLabels);
        }
        MetricSpec.Builder b = MetricSpec.builder(type, fullName)
                .help(f.optionalString(node, path, "help", ""))
                .config(o.config() != null ? o.config() : o.source())
                .map(f.optionalString(node, path, "map", o.defaultMap() != null ? o.defaultMap() : name))
                .labels(keyLabels)
                .fromEvents(fromEvents)
                .flushInterval(f.duration(node.get("flush_interval"), ConfigFields.at(path, "flush_interval")))
                .seriesLimit(nonNegative(node, path, "series_limit", o.seriesLimit()))
                .expectedKeySize(nonNegative(node, path, "key_size", -1));

        b.value(values.read(node.get("value"), ConfigFields.at(path, "value"), fromEvents));

        String percpu = f.optionalString(node, path, "percpu", "sum");
        switch (percpu) {
            case "sum" -> b.perCpu(PerCpuMode.SUM);
            case "split" -> b.perCpu(PerCpuMode.SPLIT);
            default -> throw f.bad(ConfigFields.at(path, "percpu"), "unknown mode \"" + percpu + "\" (expected sum or split)");
        }
        JsonNode cpu = node.get("cpu_label");
        if (!ConfigFields.absent(cpu)) {
            String p = ConfigFields.at(path, "cpu_label");
            f.object(cpu, p, Set.of("name", "decoders"));
            List<DecoderSpec> decoders = f.decoders(cpu.get("decoders"), p + ".decoders", true);
            b.cpuLabel(new LabelSpec(f.optionalString(cpu, p, "name", "cpu"), 0, 2,
                    decoders.isEmpty() ? List.of(DecoderSpec.of("uint")) : decoders));
        }

        if (type == MetricType.HISTOGRAM) {
            b.buckets(buckets.read(node, path));
        } else {
            buckets.refuse(node, path);
        }

        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw f.bad(path, e.getMessage());
        }
    }

    /** An integer that may only be negative as its (negative) default, which means "none". */
    private int nonNegative(JsonNode node, String path, String key, int fallback) {
        int v = f.integer(node.get(key), ConfigFields.at(path, key), fallback);
        if (v < Math.min(fallback, 0)) {
            throw f.bad(ConfigFields.at(path, key), "must not be negative");
        }
        return v;
    }
}
