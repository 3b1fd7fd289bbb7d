package io.bpfx.engine.btf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One step of a compiled decoder: reads the value at an absolute offset of a
 * little-endian buffer. {@link #compile} turns a {@link Layout} into a tree
 * of these once, so decoding does no type tests, map lookups or boxing of
 * its own; the only allocations are the factory's values.
 */
abstract class DecodeNode {
    abstract <T> T decode(ByteBuffer b, int at, ValueFactory<T> f);

    // Scalar kinds: struct and array nodes decode these inline through one switch
    // rather than a (megamorphic, never inlined) call per field.
    static final int U8 = 0, S8 = 1, U16 = 2, S16 = 3, U32 = 4, S32 = 5, U64 = 6, S64 = 7,
            F32 = 8, F64 = 9, BOOL8 = 10, BOOL16 = 11, BOOL32 = 12, BOOL64 = 13, COMPOSITE = -1;

    /** The scalar kind of a layout, or COMPOSITE when it needs a node of its own. */
    static int scalarKind(Layout layout) {
        if (layout instanceof Layout.IntLayout il) {
            int bySize = switch (il.size()) {
                case 1 -> 0;
                case 2 -> 1;
                case 4 -> 2;
                case 8 -> 3;
                default -> -1;
            };
            if (bySize < 0) return COMPOSITE;
            return il.bool() ? BOOL8 + bySize : 2 * bySize + (il.signed() ? 1 : 0);
        }
        if (layout instanceof Layout.FloatLayout fl) return fl.size() == 4 ? F32 : fl.size() == 8 ? F64 : COMPOSITE;
        if (layout instanceof Layout.PointerLayout) return U64;
        return COMPOSITE;
    }

    /** Kept under the JIT's inlining limit (FreqInlineSize): one factory call site per value type. */
    static <T> T scalar(int kind, ByteBuffer b, int at, ValueFactory<T> f) {
        long v;
        switch (kind) {
            case U8: v = b.get(at) & 0xff; break;
            case S8: v = b.get(at); break;
            case U16: v = b.getShort(at) & 0xffff; break;
            case S16: v = b.getShort(at); break;
            case U32: v = b.getInt(at) & 0xffffffffL; break;
            case S32: v = b.getInt(at); break;
            case U64:
            case S64: v = b.getLong(at); break;
            case F32: return f.ofDouble(b.getFloat(at));
            case F64: return f.ofDouble(b.getDouble(at));
            default: return f.ofBoolean(readInt(b, at, 1 << (kind - BOOL8), false) != 0);
        }
        return kind == U64 && v < 0 ? f.ofUnsignedLong(v) : f.ofLong(v);
    }

    static DecodeNode compile(Layout layout) {
        int kind = scalarKind(layout);
        if (kind != COMPOSITE) return new ScalarNode(kind);
        if (layout instanceof Layout.EnumLayout el) return new EnumNode(el);
        if (layout instanceof Layout.CharArrayLayout cl) return new CharArrayNode(cl.size());
        if (layout instanceof Layout.ArrayLayout al) return new ArrayNode(al);
        if (layout instanceof Layout.StructLayout sl) return new StructNode(sl);
        return new OpaqueNode(layout.size());
    }

    static final class ScalarNode extends DecodeNode {
        private final int kind;

        ScalarNode(int kind) { this.kind = kind; }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return scalar(kind, b, at, f); }
    }

    /** Reads a 1, 2, 4 or 8 byte integer, sign- or zero-extended. */
    static long readInt(ByteBuffer b, int at, int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? b.get(at) : b.get(at) & 0xff;
            case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xffff;
            case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xffffffffL;
            default -> b.getLong(at);
        };
    }

    /** Enumerator names by value: a direct table for small non-negative values, else binary search. */
    static final class EnumNames {
        private static final int MAX_TABLE = 256;
        private final String[] table;     // by value, when every value is in [0, MAX_TABLE)
        private final long[] values;      // sorted, otherwise
        private final String[] names;

        EnumNames(Map<Long, String> byValue) {
            long max = -1;
            boolean small = true;
            for (long v : byValue.keySet()) {
                if (v < 0 || v >= MAX_TABLE) small = false;
                max = Math.max(max, v);
            }
            if (small) {
                table = new String[(int) max + 1];
                byValue.forEach((v, n) -> table[v.intValue()] = n);
                values = null;
                names = null;
            } else {
                table = null;
                values = byValue.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
                names = new String[values.length];
                for (int i = 0; i < values.length; i++) names[i] = byValue.get(values[i]);
            }
        }

        String nameOf(long v) {
            if (table != null) return v >= 0 && v < table.length ? table[(int) v] : null;
            int i = Arrays.binarySearch(values, v);
            return i >= 0 ? names[i] : null;
        }
    }

    static final class EnumNode extends DecodeNode {
        private final int size;
        private final boolean signed;
        private final EnumNames names;

        EnumNode(Layout.EnumLayout el) {
            size = el.size();
            signed = el.signed();
            names = new EnumNames(el.names());
        }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            long v = readInt(b, at, size, signed);
            String name = names.nameOf(v);
            // an unnamed value of a 64-bit unsigned enum is an unsigned number like any u64
            return name == null && !signed && v < 0 ? f.ofUnsignedLong(v) : f.ofEnum(v, name);
        }
    }

    /** A string up to the first NUL or the end of the array, as UTF-8. */
    static final class CharArrayNode extends DecodeNode {
        private final int size;

        CharArrayNode(int size) { this.size = size; }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            int len = 0;
            while (len < size && b.get(at + len) != 0) len++;
            String s;
            if (b.hasArray()) {
                s = new String(b.array(), b.arrayOffset() + at, len, StandardCharsets.UTF_8);
            } else {
                byte[] bytes = new byte[len];
                b.get(at, bytes, 0, len);
                s = new String(bytes, StandardCharsets.UTF_8);
            }
            return f.ofString(s);
        }
    }

    static final class ArrayNode extends DecodeNode {
        private final int kind;              // scalar kind of the elements, or COMPOSITE
        private final DecodeNode element;    // null for scalar elements
        private final int stride;
        private final int count;

        ArrayNode(Layout.ArrayLayout al) {
            kind = scalarKind(al.element());
            element = kind == COMPOSITE ? compile(al.element()) : null;
            stride = al.element().size();
            count = al.count();
        }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            Object[] items = new Object[count];
            if (kind != COMPOSITE) {
                for (int i = 0; i < count; i++) items[i] = scalar(kind, b, at + i * stride, f);
            } else {
                for (int i = 0; i < count; i++) items[i] = element.decode(b, at + i * stride, f);
            }
            return f.ofList(new DecodedValues<>(items, null));
        }
    }

    static final class StructNode extends DecodeNode {
        private final Layout.StructLayout layout;
        private final int[] kinds;           // scalar kind per field, or COMPOSITE
        private final DecodeNode[] nodes;    // per COMPOSITE field (bitfields included)
        private final int[] offsets;
        private final FieldNames names;

        StructNode(Layout.StructLayout layout) {
            this.layout = layout;
            List<Layout.Field> fs = layout.fields();
            kinds = new int[fs.size()];
            nodes = new DecodeNode[fs.size()];
            offsets = new int[fs.size()];
            for (int i = 0; i < kinds.length; i++) {
                Layout.Field fd = fs.get(i);
                offsets[i] = fd.offset();
                kinds[i] = fd.isBitfield() ? COMPOSITE : scalarKind(fd.layout());
                if (kinds[i] == COMPOSITE) nodes[i] = fd.isBitfield() ? new BitfieldNode(fd) : compile(fd.layout());
            }
            names = new FieldNames(layout);
        }

        /** Field {@code i} alone, as {@link #decode} would give it. */
        <T> T decodeField(ByteBuffer b, int at, int i, ValueFactory<T> f) {
            int kind = kinds[i];
            return kind != COMPOSITE ? scalar(kind, b, at + offsets[i], f) : nodes[i].decode(b, at + offsets[i], f);
        }

        /**
         * The position of the field named {@code name} when no other field has that name and
         * it decodes to a plain value (number, string, enum, bitfield; not a table), else -1.
         */
        int uniqueField(String name) {
            int i = names.indexOf(name);
            if (i < 0) return -1;
            if (kinds[i] == COMPOSITE && !(nodes[i] instanceof BitfieldNode || nodes[i] instanceof CharArrayNode
                    || nodes[i] instanceof EnumNode || nodes[i] instanceof ScalarNode)) return -1;
            for (int j = i + 1; j < names.names.length; j++) {
                if (names.names[j].equals(name)) return -1;
            }
            return i;
        }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            Object[] values = new Object[kinds.length];
            for (int i = 0; i < values.length; i++) {
                int kind = kinds[i];
                values[i] = kind != COMPOSITE ? scalar(kind, b, at + offsets[i], f) : nodes[i].decode(b, at + offsets[i], f);
            }
            return f.ofStruct(layout, new DecodedValues<>(values, names));
        }
    }

    /** A bitfield: bits [bitOffset, bitOffset + bitSize) of the little-endian bytes at its offset. */
    static final class BitfieldNode extends DecodeNode {
        private final int bytes;        // significant storage bytes, 1..9
        private final int bitOffset;
        private final int bitSize;
        private final boolean signed;
        private final boolean bool;
        private final EnumNames enumNames;   // null unless an enum bitfield

        BitfieldNode(Layout.Field field) {
            bitOffset = field.bitOffset();
            bitSize = field.bitSize();
            bytes = (bitOffset + bitSize + 7) / 8;
            if (field.layout() instanceof Layout.EnumLayout el) {
                signed = el.signed();
                bool = false;
                enumNames = new EnumNames(el.names());
            } else {
                Layout.IntLayout il = (Layout.IntLayout) field.layout();
                signed = il.signed();
                bool = il.bool();
                enumNames = null;
            }
        }

        /** The field's bits, sign- or zero-extended. */
        long bits(ByteBuffer b, int at) {
            long raw;
            if (bytes == 1) raw = b.get(at) & 0xffL;
            else if (bytes == 2) raw = b.getShort(at) & 0xffffL;
            else if (bytes == 4) raw = b.getInt(at) & 0xffffffffL;
            else if (bytes == 8) raw = b.getLong(at);
            else {
                raw = 0;
                for (int i = Math.min(bytes, 8) - 1; i >= 0; i--) raw = raw << 8 | (b.get(at + i) & 0xffL);
            }
            long v = raw >>> bitOffset;
            if (bytes == 9) v |= (long) (b.get(at + 8) & 0xff) << (64 - bitOffset);   // straddles 8 bytes
            int shift = 64 - bitSize;
            return signed ? v << shift >> shift : v << shift >>> shift;
        }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            long v = bits(b, at);
            if (bool) return f.ofBoolean(v != 0);
            if (enumNames != null) {
                String name = enumNames.nameOf(v);
                return name == null && !signed && v < 0 ? f.ofUnsignedLong(v) : f.ofEnum(v, name);
            }
            return !signed && v < 0 ? f.ofUnsignedLong(v) : f.ofLong(v);
        }
    }

    static final class OpaqueNode extends DecodeNode {
        private final int size;

        OpaqueNode(int size) { this.size = size; }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            byte[] raw = new byte[size];
            b.get(at, raw, 0, size);
            return f.ofBytes(raw);
        }
    }
}
