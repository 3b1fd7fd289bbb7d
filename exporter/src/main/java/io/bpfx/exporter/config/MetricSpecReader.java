package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.HistogramSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;
import io.bpfx.exporter.spec.MetricSpec;
import io.bpfx.exporter.spec.MetricType;
import io.bpfx.exporter.spec.PerCpuMode;
import io.bpfx.exporter.spec.ValueSpec;

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
 */
public final class MetricSpecReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("type", "name", "help", "map", "labels", "value", "percpu",
            "cpu_label", "bucket_type", "bucket_min", "bucket_max", "bucket_keys", "bucket_multiplier", "from_events",
            "flush_interval", "series_limit", "key_size");

    private final ConfigFields f;
    private final String source;

    private MetricSpecReader(String source) {
        this.f = new ConfigFields(source);
        this.source = source;
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
        JsonNode node = JSON.valueToTree(table);
        return new MetricSpecReader(source).metric(node, path, namespace);
    }

    /** Reads a list of metrics; names must be unique. */
    public static List<MetricSpec> readAll(List<? extends Map<String, ?>> tables, String source, String namespace) {
        MetricSpecReader reader = new MetricSpecReader(source);
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

        MetricSpec.Builder b = MetricSpec.builder(type, fullName)
                .help(f.optionalString(node, path, "help", ""))
                .config(source)
                .map(f.optionalString(node, path, "map", name))
                .labels(labels(node.get("labels"), ConfigFields.at(path, "labels")))
                .fromEvents(f.bool(node.get("from_events"), ConfigFields.at(path, "from_events")))
                .flushInterval(f.duration(node.get("flush_interval"), ConfigFields.at(path, "flush_interval")))
                .seriesLimit(nonNegative(node, path, "series_limit", 0))
                .expectedKeySize(nonNegative(node, path, "key_size", -1));

        JsonNode value = node.get("value");
        if (!ConfigFields.absent(value)) {
            String p = ConfigFields.at(path, "value");
            f.object(value, p, Set.of("offset", "size", "signed"));
            int offset = f.integer(value.get("offset"), p + ".offset", 0);
            int size = f.integer(value.get("size"), p + ".size", 8);
            try {
                b.value(new ValueSpec(offset, size, f.bool(value.get("signed"), p + ".signed")));
            } catch (IllegalArgumentException e) {
                throw f.bad(p, e.getMessage());
            }
        }

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
            b.buckets(buckets(node, path));
        } else {
            for (String key : List.of("bucket_type", "bucket_min", "bucket_max", "bucket_keys", "bucket_multiplier")) {
                if (!ConfigFields.absent(node.get(key))) {
                    throw f.bad(ConfigFields.at(path, key), "only histograms have buckets");
                }
            }
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

    private HistogramSpec buckets(JsonNode node, String path) {
        String typeName = f.requiredString(node, path, "bucket_type");
        BucketType type = BucketType.fromConfigName(typeName);
        if (type == null) {
            throw f.bad(ConfigFields.at(path, "bucket_type"), "unknown bucket type \"" + typeName
                    + "\" (expected exp2, exp2zero, linear or fixed)");
        }
        List<Double> keys = new ArrayList<>();
        List<JsonNode> k = f.list(node.get("bucket_keys"), ConfigFields.at(path, "bucket_keys"));
        for (int i = 0; i < k.size(); i++) {
            keys.add(f.number(k.get(i), ConfigFields.at(path, "bucket_keys") + "[" + i + "]", 0));
        }
        try {
            return new HistogramSpec(type,
                    f.integer(node.get("bucket_min"), ConfigFields.at(path, "bucket_min"), 0),
                    f.integer(node.get("bucket_max"), ConfigFields.at(path, "bucket_max"), 0),
                    keys,
                    f.number(node.get("bucket_multiplier"), ConfigFields.at(path, "bucket_multiplier"), 0));
        } catch (IllegalArgumentException e) {
            throw f.bad(ConfigFields.at(path, "bucket_type"), e.getMessage());
        }
    }

    private List<LabelSpec> labels(JsonNode node, String path) {
        List<LabelSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int next = 0;
        List<JsonNode> items = f.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode l = items.get(i);
            f.object(l, p, Set.of("name", "offset", "size", "padding", "decoders"));
            String name = f.requiredString(l, p, "name");
            if (!MetricNames.isValidLabelName(name)) {
                throw f.bad(p + ".name", "invalid label name \"" + name
                        + "\" (must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
            }
            f.unique(names, name, p + ".name");
            int offset = f.integer(l.get("offset"), p + ".offset", next);
            int size = f.integer(l.get("size"), p + ".size", 0);
            int padding = f.integer(l.get("padding"), p + ".padding", 0);
            if (offset < 0 || size <= 0 || padding < 0) {
                throw f.bad(p, offset < 0 ? "offset is negative" : size <= 0 ? "size is zero or not set" : "padding is negative");
            }
            out.add(new LabelSpec(name, offset, size, f.decoders(l.get("decoders"), p + ".decoders", true)));
            next = offset + size + padding;
        }
        return out;
    }
}
