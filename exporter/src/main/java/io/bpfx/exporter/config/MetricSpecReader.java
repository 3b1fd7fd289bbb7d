package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.btf.Layout;
import io.bpfx.exporter.spec.BtfHint;
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
import java.util.LinkedHashMap;
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
 * <p>With the map's BTF ({@link Options#key()}, {@link Options#value()}) labels
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
     * How to read one metric table.
     *
     * @param source      error message prefix, e.g. {@code opens.lua:12}
     * @param config      the config the metric belongs to (label of {@code decoder_errors_total}); null: the source
     * @param namespace   prefix of the exposed name ({@code bpfx}; empty for none)
     * @param key         fields of the map key (or event record) from BTF; null when not known
     * @param value       fields of the map value (or event record) from BTF; null when not known
     * @param lenient     without BTF, accept labels and values that need it (a check before the object exists)
     * @param defaultMap  map when the table names none; null: the metric's name (ebpf_exporter's rule)
     * @param seriesLimit series limit when the table sets none (0: none)
     */
    public record Options(String source, String config, String namespace, BtfFields key, BtfFields value,
                          boolean lenient, String defaultMap, int seriesLimit) {
        public static Options of(String source, String namespace) {
            return new Options(source, null, namespace, null, null, false, null, 0);
        }

        public Options withConfig(String name) {
            return new Options(source, name, namespace, key, value, lenient, defaultMap, seriesLimit);
        }

        public Options withFields(BtfFields keyFields, BtfFields valueFields) {
            return new Options(source, config, namespace, keyFields, valueFields, lenient, defaultMap, seriesLimit);
        }

        /** No BTF yet: labels and values that need it pass unchecked. */
        public Options asLenient() {
            return new Options(source, config, namespace, key, value, true, defaultMap, seriesLimit);
        }

        public Options withDefaultMap(String map) {
            return new Options(source, config, namespace, key, value, lenient, map, seriesLimit);
        }

        public Options withSeriesLimit(int limit) {
            return new Options(source, config, namespace, key, value, lenient, defaultMap, limit);
        }
    }

    private final ConfigFields f;
    private final Options o;

    private MetricSpecReader(Options options) {
        this.f = new ConfigFields(options.source());
        this.o = options;
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
        List<LabelSpec> labels = labels(node.get("labels"), ConfigFields.at(path, "labels"));
        if (type == MetricType.HISTOGRAM) {
            labels = withBucket(labels);
        }
        MetricSpec.Builder b = MetricSpec.builder(type, fullName)
                .help(f.optionalString(node, path, "help", ""))
                .config(o.config() != null ? o.config() : o.source())
                .map(f.optionalString(node, path, "map", o.defaultMap() != null ? o.defaultMap() : name))
                .labels(labels)
                .fromEvents(fromEvents)
                .flushInterval(f.duration(node.get("flush_interval"), ConfigFields.at(path, "flush_interval")))
                .seriesLimit(nonNegative(node, path, "series_limit", o.seriesLimit()))
                .expectedKeySize(nonNegative(node, path, "key_size", -1));

        b.value(value(node.get("value"), ConfigFields.at(path, "value"), fromEvents));

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
        int nextField = 0;
        BtfFields key = o.key();
        List<JsonNode> items = f.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode l = items.get(i);
            String name;
            if (l.isTextual()) {
                name = l.textValue();
                l = JSON.createObjectNode().put("name", name);
            } else {
                f.object(l, p, Set.of("name", "field", "offset", "size", "padding", "decoders"));
                name = f.requiredString(l, p, "name");
            }
            if (!MetricNames.isValidLabelName(name)) {
                throw f.bad(p + ".name", "invalid label name \"" + name
                        + "\" (must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
            }
            f.unique(names, name, p + ".name");
            List<DecoderSpec> decoders = f.decoders(l.get("decoders"), p + ".decoders", true);
            int padding = f.integer(l.get("padding"), p + ".padding", 0);
            if (padding < 0) {
                throw f.bad(p, "padding is negative");
            }
            String field = f.optionalString(l, p, "field", null);
            boolean raw = !ConfigFields.absent(l.get("offset")) || !ConfigFields.absent(l.get("size"));
            if (field != null && raw) {
                throw f.bad(p, "give field or offset/size, not both");
            }

            BtfFields.Field placed = null;
            if (raw || (key == null && !o.lenient())) {
                int offset = f.integer(l.get("offset"), p + ".offset", next);
                int size = f.integer(l.get("size"), p + ".size", 0);
                if (offset < 0 || size <= 0) {
                    throw f.bad(p, offset < 0 ? "offset is negative" : "size is zero or not set");
                }
                if (field != null) {
                    throw f.bad(p + ".field", "needs the map's BTF, which is not available here");
                }
                out.add(new LabelSpec(name, offset, size, decoders));
                next = offset + size + padding;
                continue;
            }
            if (key == null) {
                // lenient: no BTF yet; the real check runs when the object is open
                out.add(new LabelSpec(name, next, 1, decoders));
                next += 1 + padding;
                continue;
            }
            List<BtfFields.Field> top = key.topFields();
            if (field != null) {
                try {
                    placed = key.field(field).orElseThrow(() -> f.bad(p + ".field", "no field \"" + field + "\" in "
                            + key.what() + " (" + key.describe() + ")"));
                } catch (IllegalArgumentException e) {
                    throw f.bad(p + ".field", e.getMessage());
                }
            } else if (key.isStruct() && key.field(name).isPresent() && !key.isBitfield(name)) {
                placed = key.field(name).get();
            } else if (key.isStruct() && key.isBitfield(name)) {
                throw f.bad(p, "field " + name + " of " + key.what() + " is a bitfield, which cannot be a label");
            } else {
                if (nextField >= top.size()) {
                    throw f.bad(p, key.isStruct()
                            ? "no field of " + key.what() + " is left for label " + name + " (" + key.describe()
                                    + "): name one with field = \"...\""
                            : key.what() + " is one " + key.describe() + ", which the first label already takes");
                }
                placed = top.get(nextField);
                if (key.isBitfield(placed.path())) {
                    throw f.bad(p, "field " + placed.path() + " of " + key.what() + " is a bitfield, which cannot be a label");
                }
            }
            if (placed.size() <= 0) {
                throw f.bad(p, "field " + placed.path() + " of " + key.what() + " has no bytes");
            }
            for (int t = 0; t < top.size(); t++) {
                if (top.get(t).offset() <= placed.offset() && placed.offset() < top.get(t).offset() + Math.max(1, top.get(t).size())) {
                    nextField = t + 1;
                }
            }
            if (decoders.isEmpty()) {
                decoders = defaultDecoders(placed.layout());
            }
            out.add(new LabelSpec(name, placed.offset(), placed.size(), decoders, hint(placed)));
            next = placed.offset() + placed.size() + padding;
        }
        return out;
    }

    private static BtfHint hint(BtfFields.Field field) {
        Layout l = field.layout();
        boolean signed = l instanceof Layout.IntLayout i ? i.signed() : l instanceof Layout.EnumLayout e && e.signed();
        return new BtfHint(field.path().isEmpty() ? null : field.path(), l instanceof Layout.CharArrayLayout, signed);
    }

    /**
     * Decoders a BTF type implies where {@link LabelSpec#effectiveDecoders()} would
     * not guess right: enums print their enumerator names, arrays and structs as hex.
     * Empty: let the hint decide (strings, integers).
     */
    private static List<DecoderSpec> defaultDecoders(Layout l) {
        if (l instanceof Layout.EnumLayout e) {
            Map<String, String> names = new LinkedHashMap<>();
            e.names().forEach((v, n) -> names.put(e.signed() ? Long.toString(v) : Long.toUnsignedString(v), n));
            return List.of(DecoderSpec.of(e.signed() ? "int" : "uint"), DecoderSpec.staticMap(names, true));
        }
        if (l instanceof Layout.ArrayLayout || l instanceof Layout.StructLayout || l instanceof Layout.FloatLayout
                || l instanceof Layout.OpaqueLayout) {
            return List.of(DecoderSpec.of("hex"));
        }
        return List.of();
    }

    /**
     * Histograms read with BTF: the last label must be the bucket. When no label
     * covers a key member named {@code bucket}, one is added; a bare integer key
     * with no labels is the bucket itself.
     */
    private List<LabelSpec> withBucket(List<LabelSpec> labels) {
        BtfFields key = o.key();
        if (key == null) {
            if (o.lenient() && labels.isEmpty()) {
                return List.of(new LabelSpec("bucket", 0, 4, List.of()));
            }
            return labels;
        }
        BtfFields.Field bucket = null;
        if (key.isStruct()) {
            bucket = key.field("bucket").orElse(null);
        } else if (labels.isEmpty() && key.root() instanceof Layout.IntLayout) {
            bucket = key.topFields().get(0);
        }
        if (bucket == null) {
            LabelSpec last = labels.isEmpty() ? null : labels.get(labels.size() - 1);
            if (last != null && last.hint() != null && (last.hint().charArray()
                    || !(last.size() == 1 || last.size() == 2 || last.size() == 4 || last.size() == 8))) {
                throw f.bad("labels", "the last label of a histogram is its bucket, an integer; " + last.name()
                        + " is " + last.size() + " bytes" + (last.hint().charArray() ? " of text" : "")
                        + " (" + key.what() + " is " + key.describe() + ": name its bucket field `bucket`, or list it last)");
            }
            return labels;
        }
        for (LabelSpec l : labels) {
            if (l.offset() == bucket.offset() && l.size() == bucket.size()) {
                // the user named it: make sure it is last
                List<LabelSpec> out = new ArrayList<>(labels);
                out.remove(l);
                out.add(l);
                return out;
            }
        }
        String name = "bucket";
        for (LabelSpec l : labels) {
            if (l.name().equals(name)) {
                name = "bucket_index";
            }
        }
        List<LabelSpec> out = new ArrayList<>(labels);
        out.add(new LabelSpec(name, bucket.offset(), bucket.size(), List.of(DecoderSpec.of("uint")), hint(bucket)));
        return out;
    }

    /** {@code value}: a table {offset, size, signed} or {field}, a field name, or from BTF when absent. */
    private ValueSpec value(JsonNode value, String p, boolean fromEvents) {
        BtfFields fields = o.value();
        if (ConfigFields.absent(value)) {
            if (fromEvents || fields == null) {
                return null;
            }
            return numberAt(fields.topFields().get(0), fields, p, true);
        }
        String field = null;
        if (value.isTextual()) {
            field = value.textValue();
        } else {
            f.object(value, p, Set.of("offset", "size", "signed", "field"));
            field = f.optionalString(value, p, "field", null);
            if (field != null && (value.has("offset") || value.has("size"))) {
                throw f.bad(p, "give field or offset/size, not both");
            }
        }
        if (field == null) {
            int offset = f.integer(value.get("offset"), p + ".offset", 0);
            int size = f.integer(value.get("size"), p + ".size", 8);
            try {
                return new ValueSpec(offset, size, f.bool(value.get("signed"), p + ".signed"));
            } catch (IllegalArgumentException e) {
                throw f.bad(p, e.getMessage());
            }
        }
        if (fields == null) {
            if (o.lenient()) {
                return null;
            }
            throw f.bad(p, "a value field needs the map's BTF, which is not available here");
        }
        String name = field;
        BtfFields.Field placed;
        try {
            placed = fields.field(name).orElseThrow(() -> f.bad(p, "no field \"" + name + "\" in " + fields.what()
                    + " (" + fields.describe() + ")"));
        } catch (IllegalArgumentException e) {
            throw f.bad(p, e.getMessage());
        }
        ValueSpec v = numberAt(placed, fields, p, false);
        return v == null ? ValueSpec.U64 : v;
    }

    /** The number at a field; null for the u64 default. */
    private ValueSpec numberAt(BtfFields.Field field, BtfFields fields, String p, boolean implicit) {
        Layout l = field.layout();
        if (implicit && fields.isStruct()) {
            throw f.bad(p, "missing: " + fields.what() + " is " + fields.describe()
                    + "; choose the number to export with value = \"field\"");
        }
        boolean signed;
        if (l instanceof Layout.IntLayout i) {
            signed = i.signed();
        } else if (l instanceof Layout.EnumLayout e) {
            signed = e.signed();
        } else if (l instanceof Layout.PointerLayout) {
            signed = false;
        } else {
            throw f.bad(p, (field.path().isEmpty() ? fields.what() : "field " + field.path() + " of " + fields.what())
                    + " is " + BtfFields.typeName(l) + ", not an integer");
        }
        if (l.size() == 8 && !signed && field.offset() == 0 && implicit) {
            return null;
        }
        try {
            return new ValueSpec(field.offset(), l.size(), signed);
        } catch (IllegalArgumentException e) {
            throw f.bad(p, e.getMessage());
        }
    }
}
