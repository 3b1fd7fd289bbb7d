package io.bpfx.engine.btf;

import io.bpfx.engine.BpfxException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns user values (from Lua or Java) into bytes by a {@link Layout}, for
 * map keys and values. Accepts: a Number (or Boolean for bool) for integers,
 * pointers and floats; a String for char arrays (UTF-8, NUL padded) and for
 * enums (an enumerator name; a Number works too); a List for arrays (missing
 * trailing items are zero); a {@code Map<String,?>} for structs by field name
 * (missing fields are zero); a byte[] for opaque bytes, char arrays and
 * arrays of 1-byte integers. null means zero. Encoding is not a hot path,
 * so this walks the layout directly.
 * Errors are {@link BpfxException.BadInput} naming the field path, e.g.
 * {@code key.name: string of 12 bytes does not fit char[8]}.
 */
public final class LayoutEncoder {
    private LayoutEncoder() {}

    /** Encodes into {@code buf} at {@code offset} (written little-endian; position unchanged). */
    public static void encode(Layout layout, Object value, ByteBuffer buf, int offset) {
        encode(layout, value, buf, offset, rootName(layout));
    }

    /** Like {@link #encode(Layout, Object, ByteBuffer, int)}, with {@code name} (e.g. "key") starting error paths. */
    public static void encode(Layout layout, Object value, ByteBuffer buf, int offset, String name) {
        if (offset < 0 || offset > buf.limit() - layout.size()) {
            throw new IndexOutOfBoundsException("value of " + layout.size() + " bytes at offset " + offset
                    + " does not fit in a buffer of " + buf.limit() + " bytes");
        }
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < layout.size(); i++) buf.put(offset + i, (byte) 0);   // what is not given is zero
        write(layout, value, buf, offset, name);
    }

    public static byte[] encode(Layout layout, Object value) {
        return encode(layout, value, rootName(layout));
    }

    public static byte[] encode(Layout layout, Object value, String name) {
        byte[] out = new byte[layout.size()];
        encode(layout, value, ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN), 0, name);
        return out;
    }

    private static String rootName(Layout layout) {
        return layout instanceof Layout.StructLayout sl && !sl.name().isEmpty() ? sl.name() : "value";
    }

    /** Writes into bytes already zeroed; null leaves them zero. */
    private static void write(Layout layout, Object value, ByteBuffer b, int at, String path) {
        if (value == null) return;
        if (layout instanceof Layout.IntLayout il) {
            long v = il.bool() && value instanceof Boolean bool ? (bool ? 1 : 0) : integer(value, layout, path);
            checkFits(v, value, 8 * il.size(), layout, path);
            writeInt(b, at, il.size(), v);
        } else if (layout instanceof Layout.EnumLayout el) {
            writeInt(b, at, el.size(), enumValue(el, value, path));
        } else if (layout instanceof Layout.FloatLayout fl) {
            if (!(value instanceof Number n)) throw mismatch(layout, value, path);
            if (fl.size() == 4) b.putFloat(at, n.floatValue()); else b.putDouble(at, n.doubleValue());
        } else if (layout instanceof Layout.PointerLayout) {
            writeInt(b, at, 8, integer(value, layout, path));
        } else if (layout instanceof Layout.CharArrayLayout cl) {
            byte[] bytes;
            if (value instanceof String s) bytes = s.getBytes(StandardCharsets.UTF_8);
            else if (value instanceof byte[] raw) bytes = raw;
            else throw mismatch(layout, value, path);
            if (bytes.length > cl.size()) {
                throw bad(path, (value instanceof String ? "string of " : "") + bytes.length
                        + " bytes does not fit " + describe(layout));
            }
            b.put(at, bytes);
        } else if (layout instanceof Layout.ArrayLayout al) {
            writeArray(al, value, b, at, path);
        } else if (layout instanceof Layout.StructLayout sl) {
            writeStruct(sl, value, b, at, path);
        } else {
            if (!(value instanceof byte[] raw)) throw mismatch(layout, value, path);
            if (raw.length != layout.size()) {
                throw bad(path, describe(layout) + " needs exactly " + layout.size() + " bytes, got " + raw.length);
            }
            b.put(at, raw);
        }
    }

    private static void writeArray(Layout.ArrayLayout al, Object value, ByteBuffer b, int at, String path) {
        Layout element = al.element();
        if (value instanceof byte[] raw && element instanceof Layout.IntLayout && element.size() == 1) {
            if (raw.length > al.count()) throw bad(path, raw.length + " bytes do not fit " + describe(al));
            b.put(at, raw);
            return;
        }
        if (!(value instanceof List<?> items)) throw mismatch(al, value, path);
        if (items.size() > al.count()) throw bad(path, items.size() + " items do not fit " + describe(al));
        for (int i = 0; i < items.size(); i++) {
            write(element, items.get(i), b, at + i * element.size(), path + "[" + i + "]");
        }
    }

    private static void writeStruct(Layout.StructLayout sl, Object value, ByteBuffer b, int at, String path) {
        if (!(value instanceof Map<?, ?> map)) throw mismatch(sl, value, path);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw bad(path, "field names must be strings, got " + e.getKey());
            }
            Layout.Field field = sl.field(name).orElseThrow(() -> bad(path, describe(sl) + " has no field '" + name
                    + "' (fields: " + fieldNames(sl) + ")"));
            String fieldPath = path + "." + name;
            if (field.isBitfield()) {
                writeBitfield(field, e.getValue(), b, at + field.offset(), fieldPath);
            } else {
                write(field.layout(), e.getValue(), b, at + field.offset(), fieldPath);
            }
        }
    }

    private static void writeBitfield(Layout.Field field, Object value, ByteBuffer b, int at, String path) {
        if (value == null) return;
        Layout layout = field.layout();
        long v;
        if (layout instanceof Layout.EnumLayout el) {
            v = enumValue(el, value, path);
        } else {
            v = ((Layout.IntLayout) layout).bool() && value instanceof Boolean bool ? (bool ? 1 : 0)
                    : integer(value, layout, path);
        }
        int bitSize = field.bitSize();
        if (bitSize < 64) {
            long min = -(1L << (bitSize - 1));
            long max = (1L << bitSize) - 1;
            if (v < min || v > max) throw bad(path, value + " does not fit a " + bitSize + "-bit bitfield");
        }
        // read-modify-write byte by byte: neighbouring bitfields share these bytes
        int bitOffset = field.bitOffset();
        int bytes = (bitOffset + bitSize + 7) / 8;
        for (int i = 0; i < bytes; i++) {
            int lo = Math.max(8 * i, bitOffset);
            int hi = Math.min(8 * i + 8, bitOffset + bitSize);
            if (lo >= hi) continue;
            int width = hi - lo;
            int bits = (int) (v >>> (lo - bitOffset)) & ((1 << width) - 1);
            int mask = ((1 << width) - 1) << (lo - 8 * i);
            int old = b.get(at + i);
            b.put(at + i, (byte) ((old & ~mask) | (bits << (lo - 8 * i))));
        }
    }

    private static long enumValue(Layout.EnumLayout el, Object value, String path) {
        if (value instanceof String s) {
            for (Map.Entry<Long, String> e : el.names().entrySet()) {
                if (e.getValue().equals(s)) return e.getKey();
            }
            throw bad(path, "'" + s + "' is not one of " + String.join(", ", el.names().values()));
        }
        long v = integer(value, el, path);
        checkFits(v, value, 8 * el.size(), el, path);
        return v;
    }

    /** A whole number as a long; u64 values at or above 2^63 come back as their bits. */
    private static long integer(Object value, Layout layout, String path) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            // a signed 64-bit field holds [-2^63, 2^63); an unsigned one (or a pointer) [0, 2^64)
            boolean signed64 = layout instanceof Layout.IntLayout il && il.signed() && il.size() == 8
                    || layout instanceof Layout.EnumLayout el && el.signed() && el.size() == 8;
            if (big.bitLength() <= 63 || !signed64 && big.signum() > 0 && big.bitLength() == 64) return big.longValue();
            throw bad(path, big + " does not fit " + describe(layout));
        }
        if (value instanceof Number n) {   // Double, Float, BigDecimal: only whole numbers
            try {
                BigDecimal d = value instanceof BigDecimal bd ? bd : new BigDecimal(n.doubleValue());
                return integer(d.toBigIntegerExact(), layout, path);
            } catch (ArithmeticException | NumberFormatException e) {
                throw bad(path, n + " is not a whole number, as " + describe(layout) + " needs");
            }
        }
        throw mismatch(layout, value, path);
    }

    /** Accepts values of either signedness that fit in {@code bits}. */
    private static void checkFits(long v, Object value, int bits, Layout layout, String path) {
        if (bits >= 64) return;
        if (v < -(1L << (bits - 1)) || v > (1L << bits) - 1) {
            throw bad(path, value + " does not fit " + describe(layout));
        }
    }

    private static void writeInt(ByteBuffer b, int at, int size, long v) {
        switch (size) {
            case 1 -> b.put(at, (byte) v);
            case 2 -> b.putShort(at, (short) v);
            case 4 -> b.putInt(at, (int) v);
            default -> b.putLong(at, v);
        }
    }

    private static String fieldNames(Layout.StructLayout sl) {
        StringJoiner j = new StringJoiner(", ");
        for (Layout.Field f : sl.fields()) j.add(f.name());
        return j.toString();
    }

    /** A C-like name for a layout, for messages. */
    static String describe(Layout layout) {
        if (layout instanceof Layout.IntLayout il) {
            if (il.bool()) return "bool";
            if (il.isChar()) return "char";
            return (il.signed() ? "s" : "u") + 8 * il.size();
        }
        if (layout instanceof Layout.FloatLayout fl) return fl.size() == 4 ? "float" : "double";
        if (layout instanceof Layout.EnumLayout el) return "enum (" + 8 * el.size() + "-bit)";
        if (layout instanceof Layout.CharArrayLayout cl) return "char[" + cl.size() + "]";
        if (layout instanceof Layout.ArrayLayout al) return describe(al.element()) + "[" + al.count() + "]";
        if (layout instanceof Layout.StructLayout sl) {
            return (sl.union() ? "union " : "struct ") + (sl.name().isEmpty() ? "(anon)" : sl.name());
        }
        if (layout instanceof Layout.PointerLayout) return "pointer";
        return layout.size() + " opaque bytes";
    }

    private static BpfxException.BadInput mismatch(Layout layout, Object value, String path) {
        String got = value instanceof String s ? "string \"" + s + "\""
                : value instanceof byte[] raw ? "byte[" + raw.length + "]"
                : value.getClass().getSimpleName() + " " + value;
        String want = layout instanceof Layout.StructLayout ? "a map of fields for " + describe(layout)
                : layout instanceof Layout.ArrayLayout ? "a list for " + describe(layout)
                : layout instanceof Layout.OpaqueLayout ? "byte[" + layout.size() + "]"
                : describe(layout);
        return bad(path, "expected " + want + ", got " + got);
    }

    private static BpfxException.BadInput bad(String path, String what) {
        return new BpfxException.BadInput(path + ": " + what);
    }
}
