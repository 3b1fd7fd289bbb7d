package io.bpfx.exporter.config;

import io.bpfx.engine.btf.Layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fields of a map key, a map value or an event record, from BTF: what lets
 * a metric name labels by field ({@code field = "comm"}) or take the key's
 * fields in order, instead of counting bytes as ebpf_exporter configs do.
 *
 * <p>A struct exposes its members (nested ones as {@code outer.inner}); any
 * other type (a bare {@code __u32} key, a {@code char[16]}) is one unnamed field
 * covering the whole thing.
 */
public final class BtfFields {

    /** One field: where it sits and what BTF says it is. */
    public record Field(String path, int offset, Layout layout) {
        public int size() {
            return layout.size();
        }
    }

    private final Layout root;
    private final String what;

    private BtfFields(Layout root, String what) {
        this.root = root;
        this.what = what;
    }

    /**
     * @param layout the BTF layout (a map's {@code keyLayout()}, {@code valueLayout()}, or an event struct)
     * @param what   how messages name it, e.g. {@code the key of map counts}
     */
    public static BtfFields of(Layout layout, String what) {
        return new BtfFields(layout, what);
    }

    public Layout root() {
        return root;
    }

    public String what() {
        return what;
    }

    public boolean isStruct() {
        return root instanceof Layout.StructLayout;
    }

    /** Top-level fields in declaration order; the whole value as one field when it is not a struct. */
    public List<Field> topFields() {
        if (root instanceof Layout.StructLayout s) {
            List<Field> out = new ArrayList<>();
            for (Layout.Field f : s.fields()) {
                out.add(new Field(f.name(), f.offset(), f.layout()));
            }
            return out;
        }
        return List.of(new Field("", 0, root));
    }

    /** A field by name, {@code a.b} for a member of a nested struct. */
    public Optional<Field> field(String path) {
        Layout cur = root;
        int offset = 0;
        for (String part : path.split("\\.", -1)) {
            if (!(cur instanceof Layout.StructLayout s)) {
                return Optional.empty();
            }
            Optional<Layout.Field> f = s.field(part);
            if (f.isEmpty()) {
                return Optional.empty();
            }
            if (f.get().isBitfield()) {
                throw new IllegalArgumentException("field " + path + " of " + what + " is a bitfield, which cannot be read as bytes");
            }
            offset += f.get().offset();
            cur = f.get().layout();
        }
        return Optional.of(new Field(path, offset, cur));
    }

    /** True when a top-level field is a bitfield (labels cannot cover those). */
    public boolean isBitfield(String name) {
        return root instanceof Layout.StructLayout s && s.field(name).map(Layout.Field::isBitfield).orElse(false);
    }

    /** {@code struct key { pid, comm }}, or the type for non-structs: for messages. */
    public String describe() {
        if (root instanceof Layout.StructLayout s) {
            String name = s.name() == null || s.name().isEmpty() ? "(anonymous)" : s.name();
            return (s.union() ? "union " : "struct ") + name + " { "
                    + s.fields().stream().map(Layout.Field::name).collect(Collectors.joining(", ")) + " }";
        }
        return typeName(root);
    }

    /** A short C-ish name of a layout: {@code u32}, {@code char[16]}, ... */
    public static String typeName(Layout l) {
        if (l instanceof Layout.IntLayout i) {
            return i.bool() ? "bool" : (i.signed() ? "s" : "u") + (i.size() * 8);
        }
        if (l instanceof Layout.EnumLayout e) {
            return "enum (" + e.size() + " bytes)";
        }
        if (l instanceof Layout.CharArrayLayout c) {
            return "char[" + c.size() + "]";
        }
        if (l instanceof Layout.ArrayLayout a) {
            return typeName(a.element()) + "[" + a.count() + "]";
        }
        if (l instanceof Layout.StructLayout s) {
            return (s.union() ? "union " : "struct ") + s.name();
        }
        if (l instanceof Layout.PointerLayout) {
            return "pointer";
        }
        if (l instanceof Layout.FloatLayout f) {
            return f.size() == 4 ? "float" : "double";
        }
        return l.size() + " bytes";
    }
}
