package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.btf.Layout;
import io.bpfx.exporter.spec.BtfHint;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.LabelSpec;
import io.bpfx.exporter.spec.MetricNames;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metric's {@code labels}: raw {@code offset}/{@code size} byte ranges, or with
 * the key's BTF a field by {@code field = "name"}, else the key field of the same
 * name, else the key's next field in order; and a histogram's bucket label.
 */
final class LabelsReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigFields f;
    /** Fields of the map key (or event record) from BTF; null when not known. */
    private final BtfFields key;
    /** Without BTF, accept labels that need it (a check before the object exists). */
    private final boolean lenient;

    LabelsReader(ConfigFields f, BtfFields key, boolean lenient) {
        this.f = f;
        this.key = key;
        this.lenient = lenient;
    }

    /** {@code labels}: the key labels in order, placed by BTF where the map has it. */
    List<LabelSpec> read(JsonNode node, String path) {
        List<LabelSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int next = 0;
        int nextField = 0;
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
            if (raw || (key == null && !lenient)) {
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
    List<LabelSpec> withBucket(List<LabelSpec> labels) {
        if (key == null) {
            if (lenient && labels.isEmpty()) {
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
}
