package io.bpfx.dsl;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code get_config(name)} (as in xmake): a value given on the command line, {@code --pid}
 * as "pid" and {@code -c name=value} for the rest; nil when not given. Allowed in both scopes
 * (reading options has no side effects), so {@code set_values{ target_pid = get_config("pid") or 0 }}
 * works in a description.
 */
final class GetConfigFunction extends DslFunction {
    GetConfigFunction(DslRuntime runtime) {
        super(runtime, "get_config", null);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        String name = args.string(1, "option name");
        Object v = runtime.options().config().get(name);
        if (v == null) return LuaValue.NIL;
        if (v instanceof String s) {
            // numbers given as text (-c port=9000) read as numbers, as Lua would coerce them
            try {
                return LuaValue.valueOf(Long.parseLong(s));
            } catch (NumberFormatException notInteger) {
                return LuaValue.valueOf(s);
            }
        }
        return LuaConversions.toLua(v);
    }
}
