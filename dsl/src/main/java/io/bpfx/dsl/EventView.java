package io.bpfx.dsl;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The event table of a callback that cannot keep it ({@link EventEscape}): one per handler,
 * reused for every record, reading fields straight from the ring buffer's page while the
 * callback runs (no copy, no allocation but the values read). Such a callback can only index
 * it, so {@link #get(LuaValue)} is all it needs; a nested struct or array is decoded once per
 * call (the same table each time within the call, as with an ordinary table).
 */
final class EventView extends LuaTable {
    private final LazyEventTable.Shape shape;
    private final LuaValues values;
    private final byte[] shortCopy;
    private final ByteBuffer shortBuf;
    private ByteBuffer buf;
    private int offset;
    private LuaValue whole;

    EventView(LazyEventTable.Shape shape, LuaValues values, int size) {
        this.shape = shape;
        this.values = values;
        this.shortCopy = new byte[size];
        this.shortBuf = ByteBuffer.wrap(shortCopy).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The record the next call sees; {@code buf} must stay valid until {@link #detach()}. */
    void attach(ByteBuffer buf, int offset, int length) {
        if (length >= shortCopy.length) {
            this.buf = buf;
            this.offset = offset;
        } else { // shorter than its type: the missing tail reads as zeros, as in a copied record
            java.util.Arrays.fill(shortCopy, (byte) 0);
            buf.get(offset, shortCopy, 0, length);
            this.buf = shortBuf;
            this.offset = 0;
        }
    }

    void detach() {
        buf = null;
        whole = null;
    }

    @Override
    public LuaValue get(LuaValue key) {
        ByteBuffer b = buf;
        if (b == null) throw new IllegalStateException("event read outside its callback");
        if (key instanceof LuaString s) {
            int i = shape.field(s);
            if (i >= 0) return shape.decoder.readField(b, offset, i, values);
        }
        if (whole == null) whole = shape.decoder.read(b, offset, values);
        return whole.get(key);
    }
}
