package io.bpfx.dsl;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Java ↔ Lua values. Java side: null, Long (any integral Number), BigInteger (a u64 at or above
 * 2^63, as the engine decodes it), Double, String, Boolean, byte[] (→ a Lua string of those
 * bytes), List (→ 1-based array), Map (→ table). Integers with |v| ≤ 2^53 become plain Lua
 * numbers, other 64-bit integers {@link LuaInt64}s, so none is rounded; on the way out an
 * integral number becomes a Long, or a BigInteger at or above 2^63.
 */
public final class LuaConversions {
    private static final double LONG_LIMIT = 0x1p63;

    private LuaConversions() {
    }

    public static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof LuaValue lua) {
            return lua;
        }
        if (value instanceof String s) {
            return LuaValue.valueOf(s);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return LuaInt64.of(((Number) value).longValue(), false);
        }
        if (value instanceof BigInteger big) {
            LuaValue v = LuaInt64.of(big);
            return v != null ? v : LuaValue.valueOf(big.doubleValue());
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof byte[] bytes) {
            return LuaString.valueOf(bytes.clone());
        }
        if (value instanceof Character c) {
            return LuaValue.valueOf(c.toString());
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable(list.size(), 0);
            for (int i = 0; i < list.size(); i++) {
                table.rawset(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable(0, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                table.rawset(toLua(e.getKey()), toLua(e.getValue()));
            }
            return table;
        }
        throw new IllegalArgumentException("cannot convert " + value.getClass().getName() + " to a Lua value");
    }

    /** Converts call arguments; LuaValues pass through. */
    public static Varargs toLuaArgs(Object... values) {
        LuaValue[] lua = new LuaValue[values.length];
        for (int i = 0; i < values.length; i++) {
            lua[i] = toLua(values[i]);
        }
        return LuaValue.varargsOf(lua);
    }

    /**
     * Lua → plain Java: nil → null, numbers → Long when integral else Double, strings → String
     * (decoded as UTF-8), booleans → Boolean, tables → List when they are arrays (keys 1..n,
     * n ≥ 1) else a Map with keys in {@link LuaOrder} (string keys as String). Functions stay
     * {@code LuaFunction}s. A cyclic table or a userdata is a LuaError.
     */
    public static Object toJava(LuaValue value) {
        return convert(value, Collections.newSetFromMap(new IdentityHashMap<>()), false);
    }

    /**
     * Like {@link #toJava} but never fails, for display (JSON printing): a cycle becomes the
     * string "&lt;cycle&gt;", functions and userdata their tostring.
     */
    static Object toDisplayJava(LuaValue value) {
        return convert(value, Collections.newSetFromMap(new IdentityHashMap<>()), true);
    }

    /**
     * A Lua number as Java: integral ones as Long (BigInteger at or above 2^63, from a
     * {@link LuaInt64}), others as Double. A double beyond 2^63 stays a Double: it was rounded
     * before it got here, and the encoder says whether it fits.
     */
    static Object number(LuaValue v) {
        if (v instanceof LuaInt64 big) {
            return big.toJava();
        }
        if (v.isinttype()) {
            return (long) v.toint();
        }
        double d = v.todouble();
        if (d == Math.rint(d) && Math.abs(d) < LONG_LIMIT) {
            return (long) d;
        }
        return d;
    }

    /** True when the table's keys are exactly 1..n. Empty tables are not arrays. */
    static boolean isArray(LuaTable table) {
        int n = table.rawlen();
        return n > 0 && table.keyCount() == n;
    }

    /** The table's keys in {@link LuaOrder}. */
    static List<LuaValue> sortedKeys(LuaTable table) {
        List<LuaValue> keys = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = table.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            keys.add(k);
        }
        keys.sort(LuaOrder.INSTANCE);
        return keys;
    }

    private static Object convert(LuaValue value, Set<LuaTable> path, boolean display) {
        switch (value.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return value.toboolean();
            case LuaValue.TNUMBER:
                return number(value);
            case LuaValue.TSTRING: {
                LuaString s = value.checkstring();
                return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.UTF_8);
            }
            case LuaValue.TFUNCTION:
                return display ? value.tojstring() : value.checkfunction();
            case LuaValue.TUSERDATA:
                if (value instanceof LuaInt64 big) {
                    return big.toJava();
                }
                if (display) {
                    return value.tojstring();
                }
                throw new LuaError("cannot convert a " + value.typename() + " to a plain value");
            case LuaValue.TTABLE:
                return table((LuaTable) value, path, display);
            default:
                if (display) {
                    return value.tojstring();
                }
                throw new LuaError("cannot convert a " + value.typename() + " to a plain value");
        }
    }

    private static Object table(LuaTable table, Set<LuaTable> path, boolean display) {
        if (!path.add(table)) {
            if (display) {
                return "<cycle>";
            }
            throw new LuaError("cannot convert a table that contains itself");
        }
        try {
            if (isArray(table)) {
                List<Object> list = new ArrayList<>(table.rawlen());
                for (int i = 1; i <= table.rawlen(); i++) {
                    list.add(convert(table.rawget(i), path, display));
                }
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            for (LuaValue key : sortedKeys(table)) {
                map.put(convert(key, path, display), convert(table.rawget(key), path, display));
            }
            return map;
        } finally {
            path.remove(table);
        }
    }
}
