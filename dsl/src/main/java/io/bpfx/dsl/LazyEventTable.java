package io.bpfx.dsl;

import io.bpfx.engine.btf.LayoutDecoder;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The table an {@code on_event} callback receives: a plain Lua table to the
 * script, but its fields are decoded from the record's bytes (copied out of
 * the ring buffer) only when the callback first looks at it. A callback that
 * only counts events never pays for building tables. Reading a plain field
 * ({@code e.pid}: a number, string or enum) decodes that field alone; any
 * other access (pairs, #, a nested struct or array, a write, printing) decodes
 * every field once, then it is an ordinary table.
 */
final class LazyEventTable extends LuaTable {
    private byte[] record;
    private final Shape shape;
    private final LuaValues values;

    /** The record type's decoder and its field positions by Lua name; one per handler, on the Lua thread. */
    static final class Shape {
        final LayoutDecoder decoder;
        private final Map<LuaValue, Integer> fields = new HashMap<>();
        /**
         * The last keys looked up, by identity: a callback's {@code e.pid} uses the same constant
         * LuaString on every call, so this usually answers without hashing.
         */
        private final LuaString[] recentKeys = new LuaString[8];
        private final int[] recentFields = new int[8];
        private int nextRecent;

        Shape(LayoutDecoder decoder) {
            this.decoder = decoder;
        }

        /** The position of a plain field named {@code key}, or -1 (not a field, or not plain). */
        int field(LuaString key) {
            LuaString[] keys = recentKeys;
            for (int j = 0; j < keys.length; j++) {
                if (keys[j] == key) return recentFields[j];
            }
            int i = lookup(key);
            int slot = nextRecent;
            recentKeys[slot] = key;
            recentFields[slot] = i;
            nextRecent = (slot + 1) & (keys.length - 1);
            return i;
        }

        private int lookup(LuaString key) {
            Integer i = fields.get(key);
            if (i == null) {
                i = fields.size() < 256 ? decoder.fieldIndex(key.tojstring()) : -1;
                if (fields.size() < 256) fields.put(key, i);
            }
            return i;
        }
    }

    LazyEventTable(byte[] record, Shape shape, LuaValues values) {
        this.record = record;
        this.shape = shape;
        this.values = values;
    }

    /** A plain field straight from the bytes; values are immutable, so nothing needs keeping. */
    @Override
    public LuaValue get(LuaValue key) {
        byte[] r = record;
        if (r != null && key instanceof LuaString s) {
            int i = shape.field(s);
            if (i >= 0) {
                return shape.decoder.readField(ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN), 0, i, values);
            }
        }
        materialize();
        return super.get(key);
    }

    private void materialize() {
        byte[] r = record;
        if (r == null) return;
        record = null;
        LuaValue decoded = shape.decoder.read(ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN), 0, values);
        if (decoded instanceof LuaTable t) {
            super.presize(0, t.keyCount());
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                super.rawset(k, n.arg(2));
            }
        }
    }

    @Override public LuaValue get(int key) { materialize(); return super.get(key); }
    @Override public LuaValue rawget(int key) { materialize(); return super.rawget(key); }
    @Override public LuaValue rawget(LuaValue key) { materialize(); return super.rawget(key); }
    @Override public void set(int key, LuaValue value) { materialize(); super.set(key, value); }
    @Override public void set(LuaValue key, LuaValue value) { materialize(); super.set(key, value); }
    @Override public void rawset(int key, LuaValue value) { materialize(); super.rawset(key, value); }
    @Override public void rawset(LuaValue key, LuaValue value) { materialize(); super.rawset(key, value); }
    @Override public void hashset(LuaValue key, LuaValue value) { materialize(); super.hashset(key, value); }
    @Override public LuaValue remove(int pos) { materialize(); return super.remove(pos); }
    @Override public void insert(int pos, LuaValue value) { materialize(); super.insert(pos, value); }
    @Override public LuaValue concat(LuaString sep, int i, int j) { materialize(); return super.concat(sep, i, j); }
    @Override public int length() { materialize(); return super.length(); }
    @Override public LuaValue len() { materialize(); return super.len(); }
    @Override public int rawlen() { materialize(); return super.rawlen(); }
    @Override public Varargs next(LuaValue key) { materialize(); return super.next(key); }
    @Override public Varargs inext(LuaValue key) { materialize(); return super.inext(key); }
    @Override public void sort(LuaValue comparator) { materialize(); super.sort(comparator); }
    @Override public int keyCount() { materialize(); return super.keyCount(); }
    @Override public LuaValue[] keys() { materialize(); return super.keys(); }
    @Override public Varargs unpack() { materialize(); return super.unpack(); }
    @Override public Varargs unpack(int i) { materialize(); return super.unpack(i); }
    @Override public Varargs unpack(int i, int j) { materialize(); return super.unpack(i, j); }
    @Override public void presize(int narray) { materialize(); super.presize(narray); }
    @Override public void presize(int narray, int nhash) { materialize(); super.presize(narray, nhash); }
}
