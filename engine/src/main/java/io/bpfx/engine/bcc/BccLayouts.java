package io.bpfx.engine.bcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Layout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link Layout}s from what BCC says about types, so BCC tables and
 * events decode to named fields like libbpf maps do:
 * <ul>
 * <li>a table's key/leaf descriptor, BCC's JSON: {@code "unsigned int"}, or
 * {@code ["key_t", [["pid","unsigned int"], ["comm","char",[16]], ["b","unsigned int",3]], "struct_packed"]}
 * (a field is [name, type], [name, type, [count]], [name, type, bits], or an
 * inline [name, [fields], "struct"|"union"]). Typedefs are resolved, so only
 * {@code char} arrays become strings; BCC's {@code __pad_N} fields are left out.
 * <li>the fields BCC records for the struct a {@code perf_submit} /
 * {@code ringbuf_output} / {@code ringbuf_reserve} sends, as "name#type" with
 * the type as written ({@code "pid#u32"}, {@code "comm#char[16]"}); here
 * {@code char}/{@code signed char}/{@code unsigned char} arrays are strings and
 * {@code u8}/{@code __u8}/{@code uint8_t} arrays numbers, as with BTF.
 * </ul>
 * Offsets follow the x86-64 C layout (natural alignment; BCC marks a struct
 * "struct_packed" when it spelled the padding out itself).
 */
final class BccLayouts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAD = Pattern.compile("__pad_(\\d+|end)");
    private static final Pattern ARRAY = Pattern.compile("^(.*?)\\s*((?:\\[\\d+\\])+)$");
    private static final Pattern DIM = Pattern.compile("\\[(\\d+)\\]");

    /** A layout and the alignment C gives it. */
    record Typed(Layout layout, int align) {}

    private record Member(String name, Typed type, int bits) {}

    /** Structs seen in descriptors, by name: resolves "struct x" in event fields and on_event's type. */
    private final Map<String, Typed> structs = new LinkedHashMap<>();

    // --- descriptors ----------------------------------------------------------

    /**
     * The layout of a key or leaf of {@code size} bytes from its descriptor;
     * when BCC's descriptor does not add up to the size (it keeps only the
     * first dimension of a multi-dimensional array), raw bytes.
     */
    Layout fromDescriptor(String desc, int size, String what) {
        if (desc == null || desc.isEmpty()) return raw(size);
        Typed t;
        try {
            t = decode(JSON.readTree(desc));
        } catch (IOException | RuntimeException e) {
            throw new BpfxException.CorruptObject("cannot read BCC's type descriptor of " + what + ": " + desc);
        }
        return t.layout().size() == size ? t.layout() : raw(size);
    }

    private static Layout raw(int size) {
        if (size == 1 || size == 2 || size == 4 || size == 8) return new Layout.IntLayout(size, false, false, false);
        return new Layout.OpaqueLayout(size);
    }

    private Typed decode(JsonNode d) {
        if (d.isTextual()) return scalar(d.asText(), false);
        if (!d.isArray() || d.size() < 2 || !d.get(1).isArray()) throw new IllegalArgumentException("bad descriptor " + d);
        String name = d.get(0).asText();
        Typed t = struct(name, d.get(1), d.size() > 2 ? d.get(2).asText() : "struct");
        if (!name.isEmpty()) structs.putIfAbsent(name, t);
        return t;
    }

    private Typed struct(String name, JsonNode fields, String kind) {
        List<Member> members = new ArrayList<>();
        for (JsonNode f : fields) {
            String fname = f.get(0).asText();
            if (f.size() == 2) {
                members.add(new Member(fname, decode(f.get(1)), -1));
            } else if (f.size() == 3 && f.get(2).isArray()) {
                Typed t = decode(f.get(1));
                for (int i = f.get(2).size() - 1; i >= 0; i--) t = array(t, f.get(2).get(i).asInt());
                members.add(new Member(fname, t, -1));
            } else if (f.size() == 3 && f.get(2).isInt()) {
                members.add(new Member(fname, decode(f.get(1)), f.get(2).asInt()));
            } else if (f.size() == 3 && f.get(2).isTextual()) {
                members.add(new Member(fname, struct(fname, f.get(1), f.get(2).asText()), -1)); // inline struct/union
            } else {
                throw new IllegalArgumentException("bad field " + f);
            }
        }
        return layout(name, members, kind.equals("union"), kind.equals("struct_packed"));
    }

    // --- event fields -----------------------------------------------------------

    /** A struct from BCC's "name#type" field list of a perf_submit / ringbuf_output. */
    Layout.StructLayout fromEventFields(String name, List<String> fields, String where) {
        List<Member> members = new ArrayList<>();
        for (String f : fields) {
            int hash = f.indexOf('#');
            if (hash <= 0) throw new BpfxException.CorruptObject(where + ": BCC gave a field without a type: " + f);
            String type = f.substring(hash + 1).strip();
            try {
                members.add(new Member(f.substring(0, hash), written(type), -1));
            } catch (IllegalArgumentException e) {
                throw new BpfxException.BadInput(where + ": cannot decode field '" + f.substring(0, hash) + "' of type '"
                        + type + "' (" + e.getMessage() + "); use a named struct that a BCC table also uses, or plain "
                        + "integer/char-array fields");
            }
        }
        return (Layout.StructLayout) layout(name, members, false, false).layout();
    }

    /** A type as C code spells it: "u32", "char[16]", "int [3][2]", "void *", "enum e", "struct s". */
    private Typed written(String type) {
        Matcher m = ARRAY.matcher(type);
        if (m.matches()) {
            List<Integer> dims = new ArrayList<>();
            Matcher d = DIM.matcher(m.group(2));
            while (d.find()) dims.add(Integer.parseInt(d.group(1)));
            Typed t = written(m.group(1));
            for (int i = dims.size() - 1; i >= 0; i--) t = array(t, dims.get(i));
            return t;
        }
        String t = type.replaceAll("\\b(const|volatile)\\b", "").replaceAll("\\s+", " ").strip();
        if (t.endsWith("*")) return new Typed(new Layout.PointerLayout(), 8);
        if (t.startsWith("enum ")) return new Typed(new Layout.IntLayout(4, false, false, false), 4);
        if (t.startsWith("struct ") || t.startsWith("union ")) {
            String n = t.substring(t.indexOf(' ') + 1).strip();
            Typed s = structs.get(n);
            if (s == null) throw new IllegalArgumentException("BCC does not describe " + t + " (no table uses it)");
            return s;
        }
        return scalar(t, true);
    }

    /** Looks up a struct a table's descriptor named. */
    Layout.StructLayout struct(String name) {
        Typed t = structs.get(name);
        return t != null && t.layout() instanceof Layout.StructLayout s ? s : null;
    }

    Set<String> structNames() {
        return structs.keySet();
    }

    // --- C types ----------------------------------------------------------------

    /**
     * @param asWritten the name is as the source spelled it (typedefs kept), so plain
     *                  {@code signed/unsigned char} are characters and {@code u8} a number
     */
    private static Typed scalar(String name, boolean asWritten) {
        switch (name) {
            case "char":
                return integer(1, true, false, true);
            case "signed char":
                return integer(1, true, false, asWritten);
            case "unsigned char":
                return integer(1, false, false, asWritten);
            case "_Bool": case "bool":
                return integer(1, false, true, false);
            case "s8": case "__s8": case "int8_t":
                return integer(1, true, false, false);
            case "u8": case "__u8": case "uint8_t":
                return integer(1, false, false, false);
            case "short": case "short int": case "signed short": case "signed short int":
            case "s16": case "__s16": case "int16_t":
                return integer(2, true, false, false);
            case "unsigned short": case "unsigned short int": case "u16": case "__u16": case "uint16_t":
            case "__be16": case "__le16":
                return integer(2, false, false, false);
            case "int": case "signed": case "signed int": case "s32": case "__s32": case "int32_t": case "pid_t":
            case "wchar_t":
                return integer(4, true, false, false);
            case "unsigned int": case "unsigned": case "u32": case "__u32": case "uint32_t": case "uid_t": case "gid_t":
            case "__be32": case "__le32":
                return integer(4, false, false, false);
            case "long": case "long int": case "signed long": case "long long": case "long long int":
            case "signed long long": case "s64": case "__s64": case "int64_t": case "ssize_t":
                return integer(8, true, false, false);
            case "unsigned long": case "unsigned long int": case "unsigned long long": case "unsigned long long int":
            case "u64": case "__u64": case "uint64_t": case "size_t": case "__be64": case "__le64":
                return integer(8, false, false, false);
            case "float":
                return new Typed(new Layout.FloatLayout(4), 4);
            case "double":
                return new Typed(new Layout.FloatLayout(8), 8);
            case "long double": case "__int128": case "unsigned __int128": case "__int128 unsigned":
                return new Typed(new Layout.OpaqueLayout(16), 16);
            default:
                throw new IllegalArgumentException("unknown type '" + name + "'");
        }
    }

    private static Typed integer(int size, boolean signed, boolean bool, boolean isChar) {
        return new Typed(new Layout.IntLayout(size, signed, bool, isChar), size);
    }

    private static Typed array(Typed element, int count) {
        if (element.layout() instanceof Layout.IntLayout il && il.isChar()) {
            return new Typed(new Layout.CharArrayLayout(count), 1);
        }
        return new Typed(new Layout.ArrayLayout(element.layout(), count), element.align());
    }

    /**
     * Places members as the x86-64 ABI does: each at the next offset aligned
     * for its type (none when {@code packed}), bitfields packed into units of
     * their type's size; the size rounded up to the largest alignment.
     */
    private static Typed layout(String name, List<Member> members, boolean union, boolean packed) {
        List<Layout.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long bit = 0, end = 0;
        int maxAlign = 1;
        for (Member m : members) {
            Layout l = m.type().layout();
            int align = m.type().align();
            int size = l.size();
            Layout.Field f = null;
            if (union) bit = 0;
            if (m.bits() >= 0) {
                int unitBits = 8 * size;
                if (m.bits() == 0) { // zero-width: next field starts a new unit
                    if (!packed) bit = roundUp(bit, unitBits);
                    continue;
                }
                if (!packed && bit % unitBits + m.bits() > unitBits) bit = roundUp(bit, unitBits);
                long unitStart = bit / unitBits * size;
                long bitInUnit = bit - 8 * unitStart;
                f = bitInUnit + m.bits() <= unitBits
                        ? new Layout.Field(m.name(), (int) unitStart, l, (int) bitInUnit, m.bits())
                        : new Layout.Field(m.name(), (int) (bit / 8), l, (int) (bit % 8), m.bits());
                bit += m.bits();
            } else {
                long off = (bit + 7) / 8;
                if (!packed) off = roundUp(off, align);
                f = new Layout.Field(m.name(), (int) off, l, 0, 0);
                bit = 8 * (off + size);
            }
            end = Math.max(end, bit);
            maxAlign = Math.max(maxAlign, align);
            if (PAD.matcher(m.name()).matches()) continue; // BCC's spelled-out padding
            if (!m.name().isEmpty()) {
                if (names.add(f.name())) fields.add(f);
            } else if (l instanceof Layout.StructLayout inner && m.bits() < 0) {
                for (Layout.Field in : inner.fields()) { // anonymous struct/union: its fields are ours
                    if (names.add(in.name())) {
                        fields.add(new Layout.Field(in.name(), f.offset() + in.offset(), in.layout(),
                                in.bitOffset(), in.bitSize()));
                    }
                }
            }
        }
        long size = (end + 7) / 8;
        if (!packed) size = roundUp(size, maxAlign);
        return new Typed(new Layout.StructLayout(name, fields, (int) size, union), maxAlign);
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }
}
