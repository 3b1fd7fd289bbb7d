package io.bpfx.engine.btf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns BTF types into {@link Layout}s; {@link Btf#layout} caches the results per id. */
final class LayoutBuilder {
    static final Layout VOID = new Layout.OpaqueLayout(0);
    private static final Layout POINTER = new Layout.PointerLayout();
    /** Nesting deeper than this is a reference cycle (C types cannot contain themselves). */
    private static final int MAX_DEPTH = 256;

    private final Btf btf;

    LayoutBuilder(Btf btf) {
        this.btf = btf;
    }

    Layout build(int id, int depth) {
        if (depth > MAX_DEPTH) {
            throw Btf.corrupt("type #" + id + " nests more than " + MAX_DEPTH + " levels deep (a reference cycle?)");
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.IntType it) {
            if (!isScalarSize(it.size())) return new Layout.OpaqueLayout(it.size());   // __int128
            boolean isChar = it.size() == 1 && (it.isChar() || isCharName(it.name()));
            return new Layout.IntLayout(it.size(), it.signed(), it.bool(), isChar);
        }
        if (t instanceof BtfType.PtrType) return POINTER;
        if (t instanceof BtfType.ArrayType at) return array(at, depth);
        if (t instanceof BtfType.StructType st) return struct(st, depth);
        if (t instanceof BtfType.EnumType et) return enumeration(et);
        if (t instanceof BtfType.TypedefType td) {
            Layout inner = btf.layout(td.type(), depth + 1);
            // a typedef of a char (__u8, __s8, u8) names a small number, not a character
            if (inner instanceof Layout.IntLayout il && il.isChar()) {
                return new Layout.IntLayout(il.size(), il.signed(), il.bool(), false);
            }
            return inner;
        }
        if (t instanceof BtfType.QualifierType q) return btf.layout(q.type(), depth + 1);
        if (t instanceof BtfType.VarType v) return btf.layout(v.type(), depth + 1);
        if (t instanceof BtfType.DatasecType ds) return datasec(ds, depth);
        if (t instanceof BtfType.FloatType ft) {
            return ft.size() == 4 || ft.size() == 8 ? new Layout.FloatLayout(ft.size()) : new Layout.OpaqueLayout(ft.size());
        }
        return VOID; // void, fwd, func, func_proto, decl_tag: no bytes of their own
    }

    private static boolean isScalarSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    private static boolean isCharName(String name) {
        return name.equals("char") || name.equals("signed char") || name.equals("unsigned char");
    }

    private Layout array(BtfType.ArrayType at, int depth) {
        Layout element = btf.layout(at.elementType(), depth + 1);
        if (at.count() < 0 || (long) element.size() * at.count() > Integer.MAX_VALUE) {
            throw Btf.corrupt("array of " + Integer.toUnsignedString(at.count()) + " elements of "
                    + element.size() + " bytes is too large");
        }
        if (element instanceof Layout.IntLayout il && il.isChar()) return new Layout.CharArrayLayout(at.count());
        return new Layout.ArrayLayout(element, at.count());
    }

    private Layout enumeration(BtfType.EnumType et) {
        if (!isScalarSize(et.size())) return new Layout.OpaqueLayout(et.size());
        Map<Long, String> names = new LinkedHashMap<>();
        for (BtfType.EnumValue v : et.values()) {
            // keyed as the decoder reads the value: sign- or zero-extended from the enum's size
            names.putIfAbsent(normalize(v.value(), et.size(), et.signed()), v.name());
        }
        return new Layout.EnumLayout(et.size(), et.signed(), names);
    }

    static long normalize(long value, int size, boolean signed) {
        if (size >= 8) return value;
        int shift = 64 - 8 * size;
        return signed ? (value << shift) >> shift : (value << shift) >>> shift;
    }

    private Layout struct(BtfType.StructType st, int depth) {
        String where = (st.union() ? "union " : "struct ") + (st.name().isEmpty() ? "(anon)" : st.name());
        List<Layout.Field> fields = new ArrayList<>(st.members().size());
        Set<String> names = new HashSet<>();
        for (BtfType.Member m : st.members()) {
            Layout layout = btf.layout(m.type(), depth + 1);
            long bitPos = Integer.toUnsignedLong(m.bitOffset());
            int bitSize = m.bitfieldSize();
            if (bitSize == 0 && btf.type(btf.resolve(m.type())) instanceof BtfType.IntType it
                    && (it.bitOffset() != 0 || it.bits() != 8 * it.size())) {
                // old BTF without kind_flag describes bitfields through the INT's own bits
                bitSize = it.bits();
                bitPos += it.bitOffset();
            }
            Layout.Field field;
            if (bitSize != 0) {
                field = bitfield(where, m.name(), layout, bitPos, bitSize, st.size());
            } else {
                if (bitPos % 8 != 0) {
                    throw Btf.corrupt(where + " member '" + m.name() + "' starts at bit " + bitPos
                            + ", not on a byte boundary");
                }
                if (bitPos / 8 + layout.size() > st.size()) {
                    throw Btf.corrupt(where + " member '" + m.name() + "' (" + layout.size() + " bytes at "
                            + bitPos / 8 + ") runs past the end of the " + st.size() + "-byte type");
                }
                field = new Layout.Field(m.name(), (int) (bitPos / 8), layout, 0, 0);
            }
            if (!m.name().isEmpty()) {
                if (names.add(m.name())) fields.add(field);
            } else if (layout instanceof Layout.StructLayout inner && bitSize == 0) {
                // anonymous struct/union member: its fields are reached as if they were ours
                for (Layout.Field f : inner.fields()) {
                    if (names.add(f.name())) {
                        fields.add(new Layout.Field(f.name(), field.offset() + f.offset(), f.layout(),
                                f.bitOffset(), f.bitSize()));
                    }
                }
            }
            // unnamed non-struct members are padding bitfields: not reachable from C, left out
        }
        return new Layout.StructLayout(st.name(), fields, st.size(), st.union());
    }

    /**
     * Places a bitfield in the naturally aligned unit of its type's size that
     * holds it (as C compilers do), or, when a packed struct lets it straddle
     * such units, in the bytes starting at the one holding its first bit.
     */
    private static Layout.Field bitfield(String where, String name, Layout layout, long bitPos, int bitSize,
                                         int structSize) {
        if (!(layout instanceof Layout.IntLayout || layout instanceof Layout.EnumLayout)) {
            throw Btf.corrupt(where + " bitfield '" + name + "' is not an integer or enum");
        }
        int unitBits = 8 * layout.size();
        if (bitSize > unitBits) {
            throw Btf.corrupt(where + " bitfield '" + name + "' is " + bitSize + " bits wide, wider than its "
                    + layout.size() + "-byte type");
        }
        long unitStart = bitPos / unitBits * layout.size();
        long bitInUnit = bitPos - 8 * unitStart;
        if (bitInUnit + bitSize <= unitBits && unitStart + layout.size() <= structSize) {
            return new Layout.Field(name, (int) unitStart, layout, (int) bitInUnit, bitSize);
        }
        long byteStart = bitPos / 8;
        int bitInByte = (int) (bitPos % 8);
        if (byteStart + (bitInByte + bitSize + 7) / 8 > structSize) {
            throw Btf.corrupt(where + " bitfield '" + name + "' at bit " + bitPos + " runs past the end of the "
                    + structSize + "-byte type");
        }
        return new Layout.Field(name, (int) byteStart, layout, bitInByte, bitSize);
    }

    private Layout datasec(BtfType.DatasecType ds, int depth) {
        List<Layout.Field> fields = new ArrayList<>(ds.vars().size());
        for (BtfType.SectionVar sv : ds.vars()) {
            BtfType var = btf.type(sv.varType());
            fields.add(new Layout.Field(var.name(), sv.offset(), btf.layout(sv.varType(), depth + 1), 0, 0));
        }
        return new Layout.StructLayout(ds.name(), fields, ds.size(), false);
    }
}
