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

    static DecodeNode compile(Layout layout) {
        if (layout instanceof Layout.IntLayout il) {
            if (il.bool()) return new BoolNode(il.size());
            return switch (il.size()) {
                case 1 -> il.signed() ? new S8() : new U8();
                case 2 -> il.signed() ? new S16() : new U16();
                case 4 -> il.signed() ? new S32() : new U32();
                case 8 -> il.signed() ? new S64() : new U64();
                default -> new OpaqueNode(il.size());
            };
        }
        if (layout instanceof Layout.FloatLayout fl) {
            return fl.size() == 4 ? new F32() : fl.size() == 8 ? new F64() : new OpaqueNode(fl.size());
        }
        if (layout instanceof Layout.EnumLayout el) return new EnumNode(el);
        if (layout instanceof Layout.CharArrayLayout cl) return new CharArrayNode(cl.size());
        if (layout instanceof Layout.ArrayLayout al) {
            return new ArrayNode(compile(al.element()), al.element().size(), al.count());
        }
        if (layout instanceof Layout.StructLayout sl) return new StructNode(sl);
        if (layout instanceof Layout.PointerLayout) return new U64();
        return new OpaqueNode(layout.size());
    }

    static final class U8 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.get(at) & 0xff); }
    }

    static final class S8 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.get(at)); }
    }

    static final class U16 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.getShort(at) & 0xffff); }
    }

    static final class S16 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.getShort(at)); }
    }

    static final class U32 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.getInt(at) & 0xffffffffL); }
    }

    static final class S32 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.getInt(at)); }
    }

    static final class U64 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            long v = b.getLong(at);
            return v < 0 ? f.ofUnsignedLong(v) : f.ofLong(v);
        }
    }

    static final class S64 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofLong(b.getLong(at)); }
    }

    static final class F32 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofDouble(b.getFloat(at)); }
    }

    static final class F64 extends DecodeNode {
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofDouble(b.getDouble(at)); }
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

    static final class BoolNode extends DecodeNode {
        private final int size;

        BoolNode(int size) { this.size = size; }

        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) { return f.ofBoolean(readInt(b, at, size, false) != 0); }
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
            return f.ofEnum(v, names.nameOf(v));
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
        private final DecodeNode element;
        private final int stride;
        private final int count;

        ArrayNode(DecodeNode element, int stride, int count) {
            this.element = element;
            this.stride = stride;
            this.count = count;
        }

        @SuppressWarnings("unchecked")
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            Object[] items = new Object[count];
            for (int i = 0; i < count; i++) items[i] = element.decode(b, at + i * stride, f);
            return f.ofList((List<T>) Arrays.asList(items));
        }
    }

    static final class StructNode extends DecodeNode {
        private final Layout.StructLayout layout;
        private final DecodeNode[] fields;
        private final int[] offsets;

        StructNode(Layout.StructLayout layout) {
            this.layout = layout;
            List<Layout.Field> fs = layout.fields();
            fields = new DecodeNode[fs.size()];
            offsets = new int[fs.size()];
            for (int i = 0; i < fields.length; i++) {
                Layout.Field fd = fs.get(i);
                offsets[i] = fd.offset();
                fields[i] = fd.isBitfield() ? new BitfieldNode(fd) : compile(fd.layout());
            }
        }

        @SuppressWarnings("unchecked")
        <T> T decode(ByteBuffer b, int at, ValueFactory<T> f) {
            Object[] values = new Object[fields.length];
            for (int i = 0; i < values.length; i++) values[i] = fields[i].decode(b, at + offsets[i], f);
            return f.ofStruct(layout, (List<T>) Arrays.asList(values));
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
            if (enumNames != null) return f.ofEnum(v, enumNames.nameOf(v));
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
