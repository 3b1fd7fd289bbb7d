package io.bpfx.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code set_values{ name = value, ... }}: the object's {@code const volatile} globals, set
 * before load. A {@code set_}: a second call replaces the first. Values are numbers (Long when
 * integral, BigInteger for a u64 at or above 2^63,
 * else Double), strings or booleans.
 */
final class SetValuesFunction extends DslFunction {
    private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    SetValuesFunction(DslRuntime runtime) {
        super(runtime, "set_values", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        target.setValues(values(args, args.table(1, "of name = value")));
        return NONE;
    }

    /** A Lua table of C global names to numbers, strings or booleans, checked. */
    static Map<String, Object> values(Args args, LuaTable table) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (LuaValue key : LuaConversions.sortedKeys(table)) {
            if (key.type() != LuaValue.TSTRING || !C_IDENTIFIER.matcher(key.tojstring()).matches()) {
                throw args.error("keys must be C global names, got " + LuaValueFormatter.formatNested(key));
            }
            LuaValue value = table.rawget(key);
            switch (value.type()) {
                case LuaValue.TNUMBER -> values.put(key.tojstring(), LuaConversions.number(value));
                case LuaValue.TSTRING -> values.put(key.tojstring(), value.tojstring());
                case LuaValue.TBOOLEAN -> values.put(key.tojstring(), value.toboolean());
                case LuaValue.TUSERDATA -> {
                    if (!(value instanceof LuaInt64)) {
                        throw args.error("value of " + key.tojstring() + " must be a number, string or boolean, got userdata");
                    }
                    values.put(key.tojstring(), LuaConversions.number(value));
                }
                default -> throw args.error("value of " + key.tojstring()
                        + " must be a number, string or boolean, got " + value.typename());
            }
        }
        return values;
    }
}
