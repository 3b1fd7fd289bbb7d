package io.bpfx.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.MetricNames;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads ebpf_exporter v2 config YAML into a {@link V2Config}. Unlike Go's
 * lenient decoding, unknown keys are rejected (a misspelt {@code bucket_multiplier}
 * would otherwise silently scale nothing), and every problem is one
 * {@link BpfxException.BadInput} line naming the file and the key path, e.g.
 * {@code biolatency.yaml: metrics.histograms[0].bucket_type: unknown bucket type "exp3"}.
 */
public final class V2ConfigReader {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ConfigFields f;

    private V2ConfigReader(String source) {
        this.f = new ConfigFields(source);
    }

    /** Reads {@code <dir>/<name>.yaml}; the config is named after the file. */
    public static V2Config read(Path file) {
        String text = ConfigFields.readText(file);
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
                : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return parse(name, file.toString(), text, file);
    }

    /**
     * Parses YAML text.
     *
     * @param name   config name (ebpf_exporter's {@code --config.names} entry)
     * @param source what to call it in error messages (usually the file path)
     */
    public static V2Config parse(String name, String source, String yaml) {
        return parse(name, source, yaml, null);
    }

    private static V2Config parse(String name, String source, String yaml, Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ConfigFields.BadInputAt(source, "invalid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigFields.BadInputAt(source, "config is empty");
        }
        return new V2ConfigReader(source).config(name, root, file);
    }

    private V2Config config(String name, JsonNode root, Path file) {
        f.object(root, "", Set.of("metrics", "tracing", "kaddrs", "cgroup_id_map"));
        JsonNode metricsNode = root.get("metrics");
        JsonNode tracingNode = root.get("tracing");
        if (ConfigFields.absent(metricsNode) && ConfigFields.absent(tracingNode)) {
            throw f.bad("", "metrics are not defined for config \"" + name + "\" (need metrics or tracing)");
        }

        List<V2Config.Counter> counters = new ArrayList<>();
        List<V2Config.Histogram> histograms = new ArrayList<>();
        if (!ConfigFields.absent(metricsNode)) {
            f.object(metricsNode, "metrics", Set.of("counters", "histograms"));
            Set<String> names = new HashSet<>();
            List<JsonNode> c = f.list(metricsNode.get("counters"), "metrics.counters");
            for (int i = 0; i < c.size(); i++) {
                V2Config.Counter counter = counter(c.get(i), "metrics.counters[" + i + "]");
                f.unique(names, counter.name(), "metrics.counters[" + i + "].name");
                counters.add(counter);
            }
            List<JsonNode> h = f.list(metricsNode.get("histograms"), "metrics.histograms");
            for (int i = 0; i < h.size(); i++) {
                V2Config.Histogram histogram = histogram(h.get(i), "metrics.histograms[" + i + "]");
                f.unique(names, histogram.name(), "metrics.histograms[" + i + "].name");
                histograms.add(histogram);
            }
            if (counters.isEmpty() && histograms.isEmpty()) {
                throw f.bad("metrics", "no counters or histograms");
            }
        }

        List<String> kaddrs = new ArrayList<>();
        List<JsonNode> k = f.list(root.get("kaddrs"), "kaddrs");
        for (int i = 0; i < k.size(); i++) {
            kaddrs.add(f.string(k.get(i), "kaddrs[" + i + "]"));
        }

        V2Config.Tracing tracing = new V2Config.Tracing(List.of());
        if (!ConfigFields.absent(tracingNode)) {
            f.object(tracingNode, "tracing", Set.of("spans"));
            List<V2Config.Span> spans = new ArrayList<>();
            List<JsonNode> s = f.list(tracingNode.get("spans"), "tracing.spans");
            for (int i = 0; i < s.size(); i++) {
                spans.add(span(s.get(i), "tracing.spans[" + i + "]"));
            }
            tracing = new V2Config.Tracing(spans);
        }

        V2Config.CgroupIdMap cgroupIdMap = null;
        JsonNode cg = root.get("cgroup_id_map");
        if (!ConfigFields.absent(cg)) {
            f.object(cg, "cgroup_id_map", Set.of("name", "type", "regexps"));
            String mapName = f.requiredString(cg, "cgroup_id_map", "name");
            String type = f.optionalString(cg, "cgroup_id_map", "type", "hash");
            if (!type.equals("hash") && !type.equals("cgrp_storage")) {
                throw f.bad("cgroup_id_map.type", "unknown type \"" + type + "\" (expected hash or cgrp_storage)");
            }
            cgroupIdMap = new V2Config.CgroupIdMap(mapName, type, f.regexps(cg.get("regexps"), "cgroup_id_map.regexps"));
        }

        return new V2Config(name, file, new V2Config.Metrics(counters, histograms), kaddrs, tracing, cgroupIdMap);
    }

    private V2Config.Counter counter(JsonNode node, String path) {
        f.object(node, path, Set.of("name", "help", "perf_event_array", "flush_interval", "labels"));
        String name = metricName(node, path);
        String help = f.requiredString(node, path, "help");
        boolean perf = f.bool(node.get("perf_event_array"), path + ".perf_event_array");
        Duration flush = f.duration(node.get("flush_interval"), path + ".flush_interval");
        if (flush != null && !perf) {
            throw f.bad(path + ".flush_interval", "only applies to perf_event_array counters");
        }
        List<V2Config.Label> labels = labels(node.get("labels"), path + ".labels", false);
        return new V2Config.Counter(name, help, perf, flush, labels);
    }

    private V2Config.Histogram histogram(JsonNode node, String path) {
        f.object(node, path, Set.of("name", "help", "bucket_type", "bucket_multiplier", "bucket_min", "bucket_max",
                "bucket_keys", "labels"));
        String name = metricName(node, path);
        String help = f.requiredString(node, path, "help");
        Buckets b = buckets(f, node, path, true);
        List<V2Config.Label> labels = labels(node.get("labels"), path + ".labels", true);
        if (labels.isEmpty()) {
            throw f.bad(path + ".labels", "histograms need at least one label: the last one is the bucket");
        }
        return new V2Config.Histogram(name, help, b.type(), b.multiplier(), b.min(), b.max(), b.keys(), labels);
    }

    /** A histogram's bucket keys, as both config versions spell them (v1 has no exp2zero). */
    record Buckets(BucketType type, double multiplier, int min, int max, List<Double> keys) {
    }

    static Buckets buckets(ConfigFields f, JsonNode node, String path, boolean exp2zero) {
        String typeName = f.requiredString(node, path, "bucket_type");
        BucketType type = BucketType.fromConfigName(typeName);
        if (type == null || type == BucketType.EXP2ZERO && !exp2zero) {
            throw f.bad(path + ".bucket_type", "unknown bucket type \"" + typeName + "\" (expected exp2, "
                    + (exp2zero ? "exp2zero, " : "") + "linear or fixed)");
        }
        double multiplier = f.number(node.get("bucket_multiplier"), path + ".bucket_multiplier", 0);
        int min = f.integer(node.get("bucket_min"), path + ".bucket_min", 0);
        int max = f.integer(node.get("bucket_max"), path + ".bucket_max", 0);
        List<Double> keys = new ArrayList<>();
        List<JsonNode> k = f.list(node.get("bucket_keys"), path + ".bucket_keys");
        for (int i = 0; i < k.size(); i++) {
            keys.add(f.number(k.get(i), path + ".bucket_keys[" + i + "]", 0));
        }
        if (type == BucketType.FIXED) {
            if (keys.isEmpty()) {
                throw f.bad(path + ".bucket_keys", "fixed histograms need bucket_keys");
            }
        } else {
            if (!keys.isEmpty()) {
                throw f.bad(path + ".bucket_keys", "only fixed histograms take bucket_keys");
            }
            if (max <= min) {
                throw f.bad(path + ".bucket_max", "histogram buckets have zero size: [bucket_min .. bucket_max] = ["
                        + min + " .. " + max + "]");
            }
        }
        return new Buckets(type, multiplier, min, max, keys);
    }

    private V2Config.Span span(JsonNode node, String path) {
        f.object(node, path, Set.of("name", "ringbuf", "service", "labels"));
        String ringbuf = f.requiredString(node, path, "ringbuf");
        String name = f.optionalString(node, path, "name", ringbuf);
        String service = f.optionalString(node, path, "service", "");
        return new V2Config.Span(name, ringbuf, service, labels(node.get("labels"), path + ".labels", false));
    }

    private List<V2Config.Label> labels(JsonNode node, String path, boolean histogram) {
        return labels(f, node, path, histogram, true);
    }

    /** Labels of a v2 config (or, without {@code padding}, of a v1 config). */
    static List<V2Config.Label> labels(ConfigFields f, JsonNode node, String path, boolean histogram, boolean withPadding) {
        List<V2Config.Label> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = f.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode l = items.get(i);
            f.object(l, p, withPadding ? Set.of("name", "size", "padding", "decoders") : Set.of("name", "size", "decoders"));
            String name = f.requiredString(l, p, "name");
            if (!MetricNames.isValidLabelName(name)) {
                throw f.bad(p + ".name", "invalid label name \"" + name
                        + "\" (must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
            }
            f.unique(names, name, p + ".name");
            if (histogram && name.equals("le") && i < items.size() - 1) {
                throw f.bad(p + ".name", "label name le is reserved for histogram buckets");
            }
            int size = f.integer(l.get("size"), p + ".size", 0);
            if (size <= 0) {
                throw f.bad(p + ".size", "size is zero or not set");
            }
            int padding = f.integer(l.get("padding"), p + ".padding", 0);
            if (padding < 0) {
                throw f.bad(p + ".padding", "padding is negative");
            }
            List<DecoderSpec> decoders = f.decoders(l.get("decoders"), p + ".decoders", false);
            if (decoders.isEmpty()) {
                throw f.bad(p + ".decoders", "no decoders set");
            }
            out.add(new V2Config.Label(name, size, padding, decoders));
        }
        return out;
    }

    private String metricName(JsonNode node, String path) {
        String name = f.requiredString(node, path, "name");
        if (!MetricNames.isValidMetricName(MetricNames.fullName(MetricNames.EBPF_EXPORTER_NAMESPACE, name))) {
            throw f.bad(path + ".name", "invalid metric name \"" + name + "\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        return name;
    }
}
