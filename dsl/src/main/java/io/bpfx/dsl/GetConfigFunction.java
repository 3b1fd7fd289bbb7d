package io.bpfx.dsl;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code get_config(name)} (as in xmake): a value given on the command line: an option the
 * script declared with add_option (else its default; a flag not given is false), {@code --pid}
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
        // a declared option given on the command line, else -c name=value / --pid, else its default
        Object v = runtime.scriptArgs().values().get(name);
        if (v == null) v = runtime.options().config().get(name);
        if (v == null) v = declaredDefault(name);
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

    private Object declaredDefault(String name) {
        for (ScriptOption o : runtime.model().options()) {
            if (o.name().equals(name)) return o.type() == ScriptOption.Type.FLAG && o.defaultValue() == null ? Boolean.FALSE : o.defaultValue();
        }
        return null;
    }
}
