package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code sort(t [, cmp])}: an array is sorted in place and returned; any other table gives a
 * new array of its keys, sorted. Without {@code cmp} mixed types sort too ({@link LuaOrder}:
 * numbers before strings); {@code cmp(a, b)} returns true when a goes first, as table.sort.
 */
final class SortFunction extends DslFunction {

    SortFunction(DslRuntime runtime) {
        super(runtime, "sort", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        LuaTable table = args.table(1, "to sort");
        LuaFunction cmp = args.isPresent(2) ? args.function(2, "comparator") : null;
        Comparator<LuaValue> order = cmp == null ? LuaOrder.INSTANCE : (a, b) -> {
            if (cmp.call(a, b).toboolean()) {
                return -1;
            }
            return cmp.call(b, a).toboolean() ? 1 : 0;
        };
        if (table.keyCount() == 0) {
            return table;
        }
        if (LuaConversions.isArray(table)) {
            List<LuaValue> items = new ArrayList<>(table.rawlen());
            for (int i = 1; i <= table.rawlen(); i++) {
                items.add(table.rawget(i));
            }
            sort(items, order, args);
            for (int i = 0; i < items.size(); i++) {
                table.rawset(i + 1, items.get(i));
            }
            return table;
        }
        List<LuaValue> keys = LuaConversions.sortedKeys(table);
        if (cmp != null) {
            sort(keys, order, args);
        }
        LuaTable result = new LuaTable(keys.size(), 0);
        for (int i = 0; i < keys.size(); i++) {
            result.rawset(i + 1, keys.get(i));
        }
        return result;
    }

    private static void sort(List<LuaValue> items, Comparator<LuaValue> order, Args args) {
        try {
            items.sort(order);
        } catch (IllegalArgumentException e) {
            // TimSort noticed a comparator that contradicts itself
            throw args.error("invalid order function for sorting");
        }
    }
}
