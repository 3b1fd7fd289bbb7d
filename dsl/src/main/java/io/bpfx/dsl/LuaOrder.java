package io.bpfx.dsl;

import java.util.Comparator;
import org.luaj.vm2.LuaValue;

/**
 * The total order bpfx uses where Lua has none: printing table keys and {@code sort} without a
 * comparator. Numbers (ascending) before strings (bytewise) before booleans (false first)
 * before anything else (by its tostring), so mixed-type keys sort instead of failing.
 */
final class LuaOrder implements Comparator<LuaValue> {
    static final LuaOrder INSTANCE = new LuaOrder();

    private LuaOrder() {
    }

    @Override
    public int compare(LuaValue a, LuaValue b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        return switch (rankA == 0 ? LuaValue.TNUMBER : a.type()) {
            case LuaValue.TNUMBER -> a instanceof LuaInt64 || b instanceof LuaInt64
                    ? (a.lt_b(b) ? -1 : b.lt_b(a) ? 1 : 0)
                    : Double.compare(a.todouble(), b.todouble());
            case LuaValue.TSTRING -> Integer.signum(a.checkstring().strcmp(b.checkstring()));
            case LuaValue.TBOOLEAN -> Boolean.compare(a.toboolean(), b.toboolean());
            default -> a.tojstring().compareTo(b.tojstring());
        };
    }

    private static int rank(LuaValue v) {
        if (v instanceof LuaInt64) {
            return 0;
        }
        return switch (v.type()) {
            case LuaValue.TNUMBER -> 0;
            case LuaValue.TSTRING -> 1;
            case LuaValue.TBOOLEAN -> 2;
            default -> 3;
        };
    }
}
