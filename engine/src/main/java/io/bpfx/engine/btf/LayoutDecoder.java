package io.bpfx.engine.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns bytes into values by a {@link Layout}. A layout is compiled once into
 * a tree of small decoders; hot loops should hold {@link #of(Layout)} and
 * call {@link #read}, the static {@code decode} methods find the compiled
 * decoder in a small identity-keyed cache first.
 */
public final class LayoutDecoder {
    /** Direct-mapped, two-way cache of compiled decoders keyed by layout identity. */
    private static final int CACHE_SLOTS = 256;
    private static final LayoutDecoder[] CACHE = new LayoutDecoder[CACHE_SLOTS];

    private final Layout layout;
    private final DecodeNode root;

    private LayoutDecoder(Layout layout) {
        this.layout = layout;
        this.root = DecodeNode.compile(layout);
    }

    /**
     * The compiled decoder for a layout. Layouts from one {@link Btf} are
     * stable instances, so this usually finds the decoder already compiled.
     */
    public static LayoutDecoder of(Layout layout) {
        int slot = System.identityHashCode(layout) & (CACHE_SLOTS - 2);
        // races only cost a recompile: decoders are immutable and safely published (final fields)
        LayoutDecoder d = CACHE[slot];
        if (d != null && d.layout == layout) return d;
        LayoutDecoder other = CACHE[slot + 1];
        if (other != null && other.layout == layout) return other;
        d = new LayoutDecoder(layout);
        CACHE[slot + 1] = CACHE[slot];
        CACHE[slot] = d;
        return d;
    }

    public Layout layout() {
        return layout;
    }

    /**
     * Decodes the value at {@code offset} of {@code buf} (little-endian; a
     * buffer in another order is read as if it were). Does not move the buffer.
     *
     * @throws IndexOutOfBoundsException if the layout's bytes do not fit before the buffer's limit
     */
    public <T> T read(ByteBuffer buf, int offset, ValueFactory<T> f) {
        if (offset < 0 || offset > buf.limit() - layout.size()) {
            throw new IndexOutOfBoundsException("value of " + layout.size() + " bytes at offset " + offset
                    + " does not fit in a buffer of " + buf.limit() + " bytes");
        }
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return root.decode(buf, offset, f);
    }

    /**
     * For a struct layout: the position of the field named {@code name}, when it is the
     * only field of that name and decodes to a plain value (not a list or table, which
     * callers may mutate); else -1. For {@link #readField}.
     */
    public int fieldIndex(String name) {
        return root instanceof DecodeNode.StructNode s ? s.uniqueField(name) : -1;
    }

    /**
     * Only the field at {@code index} ({@link #fieldIndex}) of the struct at {@code offset},
     * as {@link #read} would decode it: a reader that looks at a few fields of a big
     * record does not pay for the others.
     */
    public <T> T readField(ByteBuffer buf, int offset, int index, ValueFactory<T> f) {
        if (offset < 0 || offset > buf.limit() - layout.size()) {
            throw new IndexOutOfBoundsException("value of " + layout.size() + " bytes at offset " + offset
                    + " does not fit in a buffer of " + buf.limit() + " bytes");
        }
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return ((DecodeNode.StructNode) root).decodeField(buf, offset, index, f);
    }

    public Object read(ByteBuffer buf, int offset) {
        return read(buf, offset, JavaValues.INSTANCE);
    }

    public static <T> T decode(Layout layout, ByteBuffer buf, int offset, ValueFactory<T> f) {
        return of(layout).read(buf, offset, f);
    }

    /** Decodes to {@link JavaValues}. */
    public static Object decode(Layout layout, ByteBuffer buf, int offset) {
        return of(layout).read(buf, offset, JavaValues.INSTANCE);
    }
}
