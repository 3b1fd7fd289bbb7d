package io.bpfx.dsl;

import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.ValueFactory;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Lua values straight from BTF-decoded bytes (no intermediate Java
 * maps): the engine's decoder walks the layout, this makes the tables. Field
 * names become interned LuaStrings once per struct layout. One instance per
 * Lua thread (not thread-safe). 64-bit integers beyond ±2^53 become
 * {@link LuaInt64}s, so nothing is rounded.
 */
public final class LuaValues implements ValueFactory<LuaValue> {
    private final Map<Layout.StructLayout, LuaString[]> names = new IdentityHashMap<>();

    @Override
    public LuaValue ofLong(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? LuaValue.valueOf((int) v) : LuaInt64.of(v, false);
    }

    @Override
    public LuaValue ofUnsignedLong(long v) {
        return LuaInt64.of(v, true);
    }

    @Override
    public LuaValue ofDouble(double v) {
        return LuaValue.valueOf(v);
    }

    @Override
    public LuaValue ofBoolean(boolean v) {
        return LuaValue.valueOf(v);
    }

    @Override
    public LuaValue ofString(String s) {
        return LuaValue.valueOf(s);
    }

    @Override
    public LuaValue ofEnum(long value, String nameOrNull) {
        return nameOrNull != null ? LuaValue.valueOf(nameOrNull) : ofLong(value);
    }

    @Override
    public LuaValue ofList(List<LuaValue> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) t.rawset(i + 1, items.get(i));
        return t;
    }

    @Override
    public LuaValue ofStruct(Layout.StructLayout layout, List<LuaValue> fieldValues) {
        LuaString[] keys = names.computeIfAbsent(layout, l -> {
            LuaString[] k = new LuaString[l.fields().size()];
            for (int i = 0; i < k.length; i++) k[i] = LuaString.valueOf(l.fields().get(i).name());
            return k;
        });
        LuaTable t = new LuaTable(0, keys.length);
        for (int i = 0; i < keys.length && i < fieldValues.size(); i++) t.rawset(keys[i], fieldValues.get(i));
        return t;
    }

    @Override
    public LuaValue ofBytes(byte[] raw) {
        return LuaValue.valueOf(raw);
    }
}
