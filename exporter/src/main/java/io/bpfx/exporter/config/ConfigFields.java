package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.spec.DecoderSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed reads of config trees (parsed YAML, or a Lua table turned into maps and
 * lists) where every mismatch is a {@link BpfxException.BadInput} of one line:
 * {@code <source>: <key path>: <problem>}. Shared by the v2 config reader and the
 * metric spec reader, so both report problems the same way and parse decoders
 * identically.
 */
final class ConfigFields {

    /** ebpf_exporter decoders bpfx does not implement (Kubernetes lookups through the CRI). */
    private static final Set<String> UNSUPPORTED_DECODERS =
            Set.of("kube_podname", "kube_podnamespace", "kube_containername", "kube_container_name", "kube_pod_name",
                    "kube_pod_namespace");

    private final String source;

    ConfigFields(String source) {
        this.source = source;
    }

    /** A {@link BpfxException.BadInput} whose message starts with the source. */
    static final class BadInputAt extends BpfxException.BadInput {
        BadInputAt(String source, String message) {
            super(source + ": " + message);
        }
    }

    /** A config file's text; a missing file is NotFound, anything else one BadInput line. */
    static String readText(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BpfxException.NotFound(file + ": config file not found");
        } catch (java.io.IOException e) {
            throw new BadInputAt(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    BpfxException.BadInput bad(String path, String message) {
        return new BadInputAt(source, (path.isEmpty() ? "" : path + ": ") + message);
    }

    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    static String kind(JsonNode node) {
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

    /** Checks that the node is a mapping with only the allowed keys. */
    void object(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            throw bad(path, "expected a mapping, got " + kind(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw bad(at(path, key), "unknown key (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    List<JsonNode> list(JsonNode node, String path) {
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

    String string(JsonNode node, String path) {
        if (absent(node) || !node.isValueNode()) {
            throw bad(path, "expected a string, got " + (absent(node) ? "nothing" : kind(node)));
        }
        return node.asText();
    }

    String requiredString(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (absent(node) || node.asText().isEmpty()) {
            throw bad(at(path, key), "missing");
        }
        return string(node, at(path, key));
    }

    String optionalString(JsonNode parent, String path, String key, String fallback) {
        JsonNode node = parent.get(key);
        return absent(node) ? fallback : string(node, at(path, key));
    }

    boolean bool(JsonNode node, String path) {
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw bad(path, "expected true or false, got " + kind(node));
        }
        return node.booleanValue();
    }

    double number(JsonNode node, String path, double fallback) {
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

    int integer(JsonNode node, String path, int fallback) {
        if (absent(node)) {
            return fallback;
        }
        // Lua numbers arrive as doubles: accept whole ones
        if (node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) <= Integer.MAX_VALUE) {
            return (int) node.doubleValue();
        }
        throw bad(path, "expected an integer, got " + kind(node));
    }

    /** Go duration text ({@code 5m}) or, as yaml.v2 decodes a bare number into a Duration, nanoseconds. */
    Duration duration(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber()) {
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

    void unique(Set<String> seen, String name, String path) {
        if (!seen.add(name)) {
            throw bad(path, "\"" + name + "\" is defined twice");
        }
    }

    List<String> regexps(JsonNode node, String path) {
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

    /**
     * A decoder chain: a list of {@code {name, static_map, regexps, allow_unknown}}
     * mappings; with {@code namesAllowed} an entry may also be just the name.
     */
    List<DecoderSpec> decoders(JsonNode node, String path, boolean namesAllowed) {
        List<DecoderSpec> out = new ArrayList<>();
        List<JsonNode> items = list(node, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode d = items.get(i);
            if (namesAllowed && d.isTextual()) {
                out.add(DecoderSpec.of(decoderName(d.textValue(), p)));
                continue;
            }
            object(d, p, Set.of("name", "static_map", "regexps", "allow_unknown"));
            String name = decoderName(requiredString(d, p, "name"), p + ".name");
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
            out.add(new DecoderSpec(name, staticMap, regexps, bool(d.get("allow_unknown"), p + ".allow_unknown")));
        }
        return out;
    }

    private String decoderName(String name, String path) {
        if (UNSUPPORTED_DECODERS.contains(name)) {
            throw bad(path, "decoder \"" + name + "\" is not supported by bpfx (it asks a Kubernetes container "
                    + "runtime for pod names; use the cgroup decoder for the container's cgroup path)");
        }
        if (!DecoderSet.STANDARD_NAMES.contains(name)) {
            throw bad(path, "unknown decoder \"" + name + "\" (known: "
                    + String.join(", ", new TreeSet<>(DecoderSet.STANDARD_NAMES)) + ")");
        }
        return name;
    }
}
