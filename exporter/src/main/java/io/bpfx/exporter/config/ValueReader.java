package io.bpfx.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.engine.btf.Layout;
import io.bpfx.exporter.spec.ValueSpec;

import java.util.Set;

/** A metric's {@code value}: the number to export from each map value (or event record). */
final class ValueReader {

    private final ConfigFields f;
    /** Fields of the map value (or event record) from BTF; null when not known. */
    private final BtfFields fields;
    /** Without BTF, accept a value field that needs it (a check before the object exists). */
    private final boolean lenient;

    ValueReader(ConfigFields f, BtfFields fields, boolean lenient) {
        this.f = f;
        this.fields = fields;
        this.lenient = lenient;
    }

    /** {@code value}: a table {offset, size, signed} or {field}, a field name, or from BTF when absent. */
    ValueSpec read(JsonNode value, String p, boolean fromEvents) {
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
            if (lenient) {
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
