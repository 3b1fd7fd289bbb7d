package io.bpfx.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bpfx.exporter.spec.MetricNames;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ebpf_exporter v1 config ({@code programs:} with BCC C under {@code code:})
 * into a {@link V1Config}. As for v2, unknown keys are refused, and every problem is
 * one line naming the file, the program and the key:
 * {@code timers.yaml: programs[0] (timers): metrics.counters[0].table: no table "cnts" in the code}.
 * Tables and probe functions are checked against the code's text here (a name that
 * does not occur at all); the compiled module is checked again after loading.
 */
public final class V1ConfigReader {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> PROGRAM_KEYS = Set.of("name", "metrics", "kprobes", "kretprobes", "tracepoints",
            "raw_tracepoints", "perf_events", "code", "cflags", "kaddrs");

    private final String source;

    private V1ConfigReader(String source) {
        this.source = source;
    }

    public static V1Config read(Path file) {
        String text = ConfigFields.readText(file);
        return parse(file.toString(), text, file);
    }

    public static V1Config parse(String source, String yaml) {
        return parse(source, yaml, null);
    }

    /** Whether a YAML text is a v1 config (a top-level {@code programs} key), for commands taking either. */
    public static boolean looksLikeV1(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return root != null && root.isObject() && root.has("programs");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static V1Config parse(String source, String yaml, Path file) {
        JsonNode root;
        List<Integer> codeLines;
        try {
            root = YAML.readTree(yaml);
            codeLines = codeLines(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ConfigFields.BadInputAt(source, "invalid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ConfigFields.BadInputAt(source, "cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigFields.BadInputAt(source, "config is empty");
        }
        return new V1ConfigReader(source).config(root, codeLines, file);
    }

    /**
     * The line of each program's {@code code:} value, in program order (Jackson's tree keeps
     * no locations, so the tokens are read once more). For a block scalar ({@code code: |})
     * the token sits on the {@code |} line, so C line N is YAML line (that line + N).
     */
    private static List<Integer> codeLines(String yaml) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.VALUE_STRING || !"code".equals(p.currentName())) continue;
                JsonStreamContext program = p.getParsingContext();
                JsonStreamContext list = program.getParent();
                if (list != null && list.inArray() && list.getParent() != null
                        && "programs".equals(list.getParent().getCurrentName())) {
                    while (out.size() < list.getCurrentIndex()) out.add(0);
                    out.add(p.getTokenLocation().getLineNr());
                }
            }
        }
        return out;
    }

    private V1Config config(JsonNode root, List<Integer> codeLines, Path file) {
        ConfigFields top = new ConfigFields(source);
        top.object(root, "", Set.of("programs"));
        List<JsonNode> items = top.list(root.get("programs"), "programs");
        if (items.isEmpty()) {
            throw top.bad("programs", "no programs specified");
        }
        List<V1Config.Program> programs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> metricNames = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            String path = "programs[" + i + "]";
            top.object(node, path, PROGRAM_KEYS);
            String name = top.requiredString(node, path, "name");
            top.unique(names, name, path + ".name");
            ConfigFields f = new ConfigFields(source + ": " + path + " (" + name + ")");
            int codeLine = i < codeLines.size() ? codeLines.get(i) : 0;
            programs.add(program(f, node, name, codeLine, metricNames));
        }
        return new V1Config(file, source, programs);
    }

    private V1Config.Program program(ConfigFields f, JsonNode node, String name, int codeLine, Set<String> metricNames) {
        JsonNode codeNode = node.get("code");
        if (ConfigFields.absent(codeNode) || f.string(codeNode, "code").isBlank()) {
            throw f.bad("code", "program has no code section");
        }
        String code = codeNode.asText();
        BccSource src = new BccSource(code);

        List<V1Config.Counter> counters = new ArrayList<>();
        List<V1Config.Histogram> histograms = new ArrayList<>();
        JsonNode metrics = node.get("metrics");
        if (!ConfigFields.absent(metrics)) {
            f.object(metrics, "metrics", Set.of("counters", "histograms"));
            List<JsonNode> c = f.list(metrics.get("counters"), "metrics.counters");
            for (int i = 0; i < c.size(); i++) {
                V1Config.Counter counter = counter(f, c.get(i), "metrics.counters[" + i + "]", src);
                f.unique(metricNames, counter.name(), "metrics.counters[" + i + "].name");
                counters.add(counter);
            }
            List<JsonNode> h = f.list(metrics.get("histograms"), "metrics.histograms");
            for (int i = 0; i < h.size(); i++) {
                V1Config.Histogram histogram = histogram(f, h.get(i), "metrics.histograms[" + i + "]", src);
                f.unique(metricNames, histogram.name(), "metrics.histograms[" + i + "].name");
                histograms.add(histogram);
            }
        }

        Map<String, String> kprobes = probes(f, node.get("kprobes"), "kprobes", src);
        Map<String, String> kretprobes = probes(f, node.get("kretprobes"), "kretprobes", src);
        Map<String, String> tracepoints = probes(f, node.get("tracepoints"), "tracepoints", src);
        for (String tp : tracepoints.keySet()) {
            int colon = tp.indexOf(':');
            if (colon <= 0 || colon == tp.length() - 1 || tp.indexOf(':', colon + 1) >= 0) {
                throw f.bad("tracepoints." + tp, "expected category:name (e.g. timer:timer_start)");
            }
        }
        Map<String, String> rawTracepoints = probes(f, node.get("raw_tracepoints"), "raw_tracepoints", src);
        List<V1Config.PerfEvent> perfEvents = new ArrayList<>();
        List<JsonNode> pe = f.list(node.get("perf_events"), "perf_events");
        for (int i = 0; i < pe.size(); i++) {
            perfEvents.add(perfEvent(f, pe.get(i), "perf_events[" + i + "]", src));
        }
        if (kprobes.size() + kretprobes.size() + tracepoints.size() + rawTracepoints.size() + perfEvents.size() == 0) {
            throw f.bad("", "program has no probes, tracepoints, or perf events");
        }
        List<String> cflags = strings(f, node.get("cflags"), "cflags");
        for (int i = 0; i < cflags.size(); i++) {
            String flag = cflags.get(i);
            if (!(flag.startsWith("-D") || flag.startsWith("-I")) || flag.length() == 2) {
                throw f.bad("cflags[" + i + "]", "\"" + flag + "\": bpfx passes -DNAME[=VALUE] and -IDIR to BCC, "
                        + "nothing else");
            }
        }
        List<String> kaddrs = strings(f, node.get("kaddrs"), "kaddrs");
        return new V1Config.Program(name, counters, histograms, kprobes, kretprobes, tracepoints, rawTracepoints,
                perfEvents, cflags, kaddrs, code, codeLine);
    }

    private V1Config.Counter counter(ConfigFields f, JsonNode node, String path, BccSource src) {
        f.object(node, path, Set.of("name", "help", "table", "perf_map", "perf_map_flush_duration", "labels"));
        String name = metricName(f, node, path);
        String help = f.requiredString(node, path, "help");
        String table = f.optionalString(node, path, "table", null);
        String perfMap = f.optionalString(node, path, "perf_map", null);
        if ((table == null) == (perfMap == null)) {
            throw f.bad(path + ".table", "a counter reads a table or counts a perf_map: give exactly one");
        }
        src.requireTable(f, table != null ? path + ".table" : path + ".perf_map", table != null ? table : perfMap);
        Duration flush = f.duration(node.get("perf_map_flush_duration"), path + ".perf_map_flush_duration");
        if (flush != null && perfMap == null) {
            throw f.bad(path + ".perf_map_flush_duration", "only applies to perf_map counters");
        }
        List<V2Config.Label> labels = V2ConfigReader.labels(f, node.get("labels"), path + ".labels", false, false);
        return new V1Config.Counter(name, help, table, perfMap, flush, labels, path);
    }

    private V1Config.Histogram histogram(ConfigFields f, JsonNode node, String path, BccSource src) {
        f.object(node, path, Set.of("name", "help", "table", "bucket_type", "bucket_multiplier", "bucket_min",
                "bucket_max", "bucket_keys", "labels"));
        String name = metricName(f, node, path);
        String help = f.requiredString(node, path, "help");
        String table = f.requiredString(node, path, "table");
        src.requireTable(f, path + ".table", table);
        V2ConfigReader.Buckets b = V2ConfigReader.buckets(f, node, path, false);
        List<V2Config.Label> labels = V2ConfigReader.labels(f, node.get("labels"), path + ".labels", true, false);
        if (labels.isEmpty()) {
            throw f.bad(path + ".labels", "histograms need at least one label: the last one is the bucket");
        }
        return new V1Config.Histogram(name, help, table, b.type(), b.multiplier(), b.min(), b.max(), b.keys(), labels, path);
    }

    /** {@code place: function} pairs, each function checked against the code. */
    private Map<String, String> probes(ConfigFields f, JsonNode node, String path, BccSource src) {
        Map<String, String> out = new LinkedHashMap<>();
        if (ConfigFields.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            throw f.bad(path, "expected a mapping of place: function, got " + ConfigFields.kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String fn = f.string(e.getValue(), path + "." + e.getKey());
            src.requireFunction(f, path + "." + e.getKey(), fn);
            out.put(e.getKey(), fn);
        }
        return out;
    }

    private V1Config.PerfEvent perfEvent(ConfigFields f, JsonNode node, String path, BccSource src) {
        f.object(node, path, Set.of("type", "name", "target", "sample_period", "sample_frequency"));
        int type = (int) longValue(f, node.get("type"), path + ".type");
        long config = longValue(f, node.get("name"), path + ".name");
        String target = f.requiredString(node, path, "target");
        src.requireFunction(f, path + ".target", target);
        long period = longValue(f, node.get("sample_period"), path + ".sample_period");
        long frequency = longValue(f, node.get("sample_frequency"), path + ".sample_frequency");
        if ((period > 0) == (frequency > 0)) {
            throw f.bad(path, "give exactly one of sample_period and sample_frequency");
        }
        return new V1Config.PerfEvent(type, config, target, period, frequency);
    }

    /** YAML 1.1 hex ({@code 0x3}) arrives as an integer or, from some writers, as text. */
    private static long longValue(ConfigFields f, JsonNode node, String path) {
        if (ConfigFields.absent(node)) {
            return 0;
        }
        if (node.isIntegralNumber() && node.longValue() >= 0) {
            return node.longValue();
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            try {
                return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw f.bad(path, "expected a non-negative integer, got " + ConfigFields.kind(node));
    }

    private static List<String> strings(ConfigFields f, JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = f.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            out.add(f.string(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static String metricName(ConfigFields f, JsonNode node, String path) {
        String name = f.requiredString(node, path, "name");
        if (!MetricNames.isValidMetricName(MetricNames.fullName(MetricNames.EBPF_EXPORTER_NAMESPACE, name))) {
            throw f.bad(path + ".name", "invalid metric name \"" + name + "\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        return name;
    }
}
