package io.bpfx.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.spec.BucketType;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.MetricNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads ebpf_exporter v2 config YAML into a {@link V2Config}. Unlike Go's
 * lenient decoding, unknown keys are rejected (a misspelt {@code bucket_multiplier}
 * would otherwise silently scale nothing), and every problem is one
 * {@link BpfxException.BadInput} line naming the file and the key path, e.g.
 * {@code biolatency.yaml: metrics.histograms[0].bucket_type: unknown bucket type "exp3"}.
 */
public final class V2ConfigReader {

    /** ebpf_exporter decoders bpfx does not implement (hardware and Kubernetes lookups). */
    private static final Set<String> UNSUPPORTED_DECODERS =
            Set.of("pci_class", "pci_device", "pci_subclass", "pci_vendor", "kube_podname", "kube_podnamespace",
                    "kube_containername", "kube_container_name", "kube_pod_name", "kube_pod_namespace");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String source;

    private V2ConfigReader(String source) {
        this.source = source;
    }

    /** Reads {@code <dir>/<name>.yaml}; the config is named after the file. */
    public static V2Config read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BpfxException.NotFound(file + ": config file not found");
        } catch (IOException e) {
            throw new BadInputFor(file.toString(), "cannot read: " + e.getMessage());
        }
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
            throw new BadInputFor(source, "invalid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new BadInputFor(source, "config is empty");
        }
        return new V2ConfigReader(source).config(name, root, file);
    }

    /** A {@link BpfxException.BadInput} whose message starts with the file. */
    private static final class BadInputFor extends BpfxException.BadInput {
        BadInputFor(String source, String message) {
            super(source + ": " + message);
        }
    }

    private BpfxException.BadInput bad(String path, String message) {
        return new BadInputFor(source, (path.isEmpty() ? "" : path + ": ") + message);
    }

    private V2Config config(String name, JsonNode root, Path file) {
        object(root, "", Set.of("metrics", "tracing", "kaddrs", "cgroup_id_map"));
        JsonNode metricsNode = root.get("metrics");
        JsonNode tracingNode = root.get("tracing");
        if (absent(metricsNode) && absent(tracingNode)) {
            throw bad("", "metrics are not defined for config \"" + name + "\" (need metrics or tracing)");
        }

        List<V2Config.Counter> counters = new ArrayList<>();
        List<V2Config.Histogram> histograms = new ArrayList<>();
        if (!absent(metricsNode)) {
            object(metricsNode, "metrics", Set.of("counters", "histograms"));
            Set<String> names = new HashSet<>();
            List<JsonNode> c = list(metricsNode.get("counters"), "metrics.counters");
            for (int i = 0; i < c.size(); i++) {
                V2Config.Counter counter = counter(c.get(i), "metrics.counters[" + i + "]");
                unique(names, counter.name(), "metrics.counters[" + i + "].name");
                counters.add(counter);
            }
            List<JsonNode> h = list(metricsNode.get("histograms"), "metrics.histograms");
            for (int i = 0; i < h.size(); i++) {
                V2Config.Histogram histogram = histogram(h.get(i), "metrics.histograms[" + i + "]");
                unique(names, histogram.name(), "metrics.histograms[" + i + "].name");
                histograms.add(histogram);
            }
            if (counters.isEmpty() && histograms.isEmpty()) {
                throw bad("metrics", "no counters or histograms");
            }
        }

        List<String> kaddrs = new ArrayList<>();
        List<JsonNode> k = list(root.get("kaddrs"), "kaddrs");
        for (int i = 0; i < k.size(); i++) {
            kaddrs.add(string(k.get(i), "kaddrs[" + i + "]"));
        }

        V2Config.Tracing tracing = new V2Config.Tracing(List.of());
        if (!absent(tracingNode)) {
            object(tracingNode, "tracing", Set.of("spans"));
            List<V2Config.Span> spans = new ArrayList<>();
            List<JsonNode> s = list(tracingNode.get("spans"), "tracing.spans");
            for (int i = 0; i < s.size(); i++) {
                spans.add(span(s.get(i), "tracing.spans[" + i + "]"));
            }
            tracing = new V2Config.Tracing(spans);
        }

        V2Config.CgroupIdMap cgroupIdMap = null;
        JsonNode cg = root.get("cgroup_id_map");
        if (!absent(cg)) {
            object(cg, "cgroup_id_map", Set.of("name", "type", "regexps"));
            String mapName = requiredString(cg, "cgroup_id_map", "name");
            String type = optionalString(cg, "cgroup_id_map", "type", "hash");
            if (!type.equals("hash") && !type.equals("cgrp_storage")) {
                throw bad("cgroup_id_map.type", "unknown type \"" + type + "\" (expected hash or cgrp_storage)");
            }
            cgroupIdMap = new V2Config.CgroupIdMap(mapName, type, regexps(cg.get("regexps"), "cgroup_id_map.regexps"));
        }

        return new V2Config(name, file, new V2Config.Metrics(counters, histograms), kaddrs, tracing, cgroupIdMap);
    }

    private V2Config.Counter counter(JsonNode node, String path) {
        object(node, path, Set.of("name", "help", "perf_event_array", "flush_interval", "labels"));
        String name = metricName(node, path);
        String help = requiredString(node, path, "help");
        boolean perf = bool(node.get("perf_event_array"), path + ".perf_event_array");
        Duration flush = duration(node.get("flush_interval"), path + ".flush_interval");
        if (flush != null && !perf) {
            throw bad(path + ".flush_interval", "only applies to perf_event_array counters");
        }
        List<V2Config.Label> labels = labels(node.get("labels"), path + ".labels", false);
        return new V2Config.Counter(name, help, perf, flush, labels);
    }

    private V2Config.Histogram histogram(JsonNode node, String path) {
        object(node, path, Set.of("name", "help", "bucket_type", "bucket_multiplier", "bucket_min", "bucket_max",
                "bucket_keys", "labels"));
        String name = metricName(node, path);
        String help = requiredString(node, path, "help");
        String typeName = requiredString(node, path, "bucket_type");
        BucketType type = BucketType.fromConfigName(typeName);
        if (type == null) {
            throw bad(path + ".bucket_type", "unknown bucket type \"" + typeName
                    + "\" (expected exp2, exp2zero, linear or fixed)");
        }
        double multiplier = number(node.get("bucket_multiplier"), path + ".bucket_multiplier", 0);
        int min = integer(node.get("bucket_min"), path + ".bucket_min", 0);
        int max = integer(node.get("bucket_max"), path + ".bucket_max", 0);
        List<Double> keys = new ArrayList<>();
        List<JsonNode> k = list(node.get("bucket_keys"), path + ".bucket_keys");
        for (int i = 0; i < k.size(); i++) {
            keys.add(number(k.get(i), path + ".bucket_keys[" + i + "]", 0));
        }
        if (type == BucketType.FIXED) {
            if (keys.isEmpty()) {
                throw bad(path + ".bucket_keys", "fixed histograms need bucket_keys");
            }
        } else {
            if (!keys.isEmpty()) {
                throw bad(path + ".bucket_keys", "only fixed histograms take bucket_keys");
            }
            if (max <= min) {
                throw bad(path + ".bucket_max", "histogram buckets have zero size: [bucket_min .. bucket_max] = ["
                        + min + " .. " + max + "]");
            }
        }
        List<V2Config.Label> labels = labels(node.get("labels"), path + ".labels", true);
        if (labels.isEmpty()) {
            throw bad(path + ".labels", "histograms need at least one label: the last one is the bucket");
        }
        return new V2Config.Histogram(name, help, type, multiplier, min, max, keys, labels);
    }

    private V2Config.Span span(JsonNode node, String path) {
        object(node, path, Set.of("name", "ringbuf", "service", "labels"));
        String ringbuf = requiredString(node, path, "ringbuf");
        String name = optionalString(node, path, "name", ringbuf);
        String service = optionalString(node, path, "service", "");
        return new V2Config.Span(name, ringbuf, service, labels(node.get("labels"), path + ".labels", false));
    }

    private List<V2Config.Label> labels(JsonNode node, String path, boolean histogram) {
        List<V2Config.Label> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode l = items.get(i);
            object(l, p, Set.of("name", "size", "padding", "decoders"));
            String name = requiredString(l, p, "name");
            if (!MetricNames.isValidLabelName(name)) {
                throw bad(p + ".name", "invalid label name \"" + name
                        + "\" (must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
            }
            unique(names, name, p + ".name");
            if (histogram && name.equals("le") && i < items.size() - 1) {
                throw bad(p + ".name", "label name le is reserved for histogram buckets");
            }
            int size = integer(l.get("size"), p + ".size", 0);
            if (size <= 0) {
                throw bad(p + ".size", "size is zero or not set");
            }
            int padding = integer(l.get("padding"), p + ".padding", 0);
            if (padding < 0) {
                throw bad(p + ".padding", "padding is negative");
            }
            out.add(new V2Config.Label(name, size, padding, decoders(l.get("decoders"), p + ".decoders")));
        }
        return out;
    }

    private List<DecoderSpec> decoders(JsonNode node, String path) {
        List<JsonNode> items = list(node, path);
        if (items.isEmpty()) {
            throw bad(path, "no decoders set");
        }
        List<DecoderSpec> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode d = items.get(i);
            object(d, p, Set.of("name", "static_map", "regexps", "allow_unknown"));
            String name = requiredString(d, p, "name");
            if (UNSUPPORTED_DECODERS.contains(name)) {
                throw bad(p + ".name", "decoder \"" + name + "\" is not supported by bpfx");
            }
            if (!DecoderSet.STANDARD_NAMES.contains(name)) {
                throw bad(p + ".name", "unknown decoder \"" + name + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(DecoderSet.STANDARD_NAMES)) + ")");
            }
            Map<String, String> staticMap = new LinkedHashMap<>();
            JsonNode sm = d.get("static_map");
            if (!absent(sm)) {
                if (!sm.isObject()) {
                    throw bad(p + ".static_map", "expected a mapping, got " + kind(sm));
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = sm.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw bad(p + ".static_map." + e.getKey(), "expected a value, got " + kind(e.getValue()));
                    }
                    staticMap.put(e.getKey(), e.getValue().asText());
                }
            }
            List<String> regexps = regexps(d.get("regexps"), p + ".regexps");
            if (name.equals("regexp") && regexps.isEmpty()) {
                throw bad(p + ".regexps", "regexp decoder needs regexps");
            }
            boolean allowUnknown = bool(d.get("allow_unknown"), p + ".allow_unknown");
            out.add(new DecoderSpec(name, staticMap, regexps, allowUnknown));
        }
        return out;
    }

    private List<String> regexps(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String expr = string(items.get(i), path + "[" + i + "]");
            try {
                Pattern.compile(expr);
            } catch (PatternSyntaxException e) {
                throw bad(path + "[" + i + "]", "error compiling regexp \"" + expr + "\": " + e.getDescription());
            }
            out.add(expr);
        }
        return out;
    }

    private String metricName(JsonNode node, String path) {
        String name = requiredString(node, path, "name");
        if (!MetricNames.isValidMetricName(MetricNames.fullName(MetricNames.EBPF_EXPORTER_NAMESPACE, name))) {
            throw bad(path + ".name", "invalid metric name \"" + name + "\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        return name;
    }

    private void unique(Set<String> seen, String name, String path) {
        if (!seen.add(name)) {
            throw bad(path, "\"" + name + "\" is defined twice");
        }
    }

    // --- typed accessors: each names the key path on mismatch ---

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return "\"" + node.asText() + "\"";
    }

    private void object(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            throw bad(path, "expected a mapping, got " + kind(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String at = path.isEmpty() ? key : path + "." + key;
                throw bad(at, "unknown key (allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private List<JsonNode> list(JsonNode node, String path) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(path, "expected a list, got " + kind(node));
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private String string(JsonNode node, String path) {
        if (absent(node) || !node.isValueNode()) {
            throw bad(path, "expected a string, got " + (absent(node) ? "nothing" : kind(node)));
        }
        return node.asText();
    }

    private String requiredString(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        String at = path.isEmpty() ? key : path + "." + key;
        if (absent(node) || node.asText().isEmpty()) {
            throw bad(at, "missing");
        }
        return string(node, at);
    }

    private String optionalString(JsonNode parent, String path, String key, String fallback) {
        JsonNode node = parent.get(key);
        return absent(node) ? fallback : string(node, path + "." + key);
    }

    private boolean bool(JsonNode node, String path) {
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw bad(path, "expected true or false, got " + kind(node));
        }
        return node.booleanValue();
    }

    private double number(JsonNode node, String path, double fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            // YAML 1.1 reads "1e-6" (no dot) as a string; Go's yaml.v2 takes it as a float
            try {
                return Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw bad(path, "expected a number, got " + kind(node));
    }

    private int integer(JsonNode node, String path, int fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw bad(path, "expected an integer, got " + kind(node));
    }

    private Duration duration(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber()) {
            // Go decodes a bare number into time.Duration as nanoseconds
            return Duration.ofNanos(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return GoDuration.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                throw bad(path, e.getMessage());
            }
        }
        throw bad(path, "expected a duration like 1m or 30s, got " + kind(node));
    }
}
