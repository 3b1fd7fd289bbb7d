package io.bpfx.exporter;

import io.bpfx.exporter.spec.ValueSpec;

import java.nio.ByteBuffer;

/** Reads numbers out of snapshot and event buffers, little-endian whatever the buffer's order. */
final class RawValues {

    private RawValues() {
    }

    /** The raw bits of a {@code size}-byte little-endian field at absolute {@code off}. */
    static long bits(ByteBuffer buf, int off, int size) {
        if (buf.order() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            switch (size) {
                case 8:
                    return buf.getLong(off);
                case 4:
                    return buf.getInt(off) & 0xffffffffL;
                case 2:
                    return buf.getShort(off) & 0xffffL;
                case 1:
                    return buf.get(off) & 0xffL;
                default:
                    break;
            }
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (buf.get(off + i) & 0xff);
        }
        return v;
    }

    /** The field as a double: unsigned unless the layout says signed. */
    static double read(ByteBuffer buf, int off, ValueSpec layout) {
        long bits = bits(buf, off, layout.size());
        if (layout.signed()) {
            int shift = 64 - 8 * layout.size();
            return (double) ((bits << shift) >> shift);
        }
        return unsignedToDouble(bits);
    }

    static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // keep the low bit so rounding matches a true unsigned conversion
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }
}
