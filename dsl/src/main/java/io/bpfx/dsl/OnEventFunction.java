package io.bpfx.dsl;

import java.util.Map;
import java.util.Objects;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;

/**
 * {@code on_event([map,] fn [, opts])}: {@code fn(event)} for each record of the target's ring
 * buffer / perf event array ({@code map}, or the only one). {@code opts.type} names the record
 * struct. One handler per map: a second for the same map is an error, not a silent override.
 */
final class OnEventFunction extends DslFunction {

    OnEventFunction(DslRuntime runtime) {
        super(runtime, "on_event", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        TargetSpec target = runtime.currentTarget(functionName());
        int next = 1;
        String map = null;
        if (args.get(1).type() == STRING) {
            map = args.string(1, "map name");
            next = 2;
        }
        LuaFunction fn = args.function(next, "event handler");
        LuaTable opts = args.optionalTable(next + 1, "of options");
        args.atMost(next + 1);
        String type = null;
        if (opts != null) {
            Object converted = LuaConversions.toJava(opts);
            if (!(converted instanceof Map<?, ?> options) || !options.keySet().stream().allMatch("type"::equals)) {
                throw args.error("the only option is type, e.g. { type = \"event\" }");
            }
            if (!(options.get("type") instanceof String name) || name.isEmpty()) {
                throw args.error("option type must be a struct name");
            }
            type = name;
        }
        for (EventHandler existing : target.eventHandlers()) {
            if (Objects.equals(existing.mapName(), map)) {
                throw args.error("target \"" + target.name() + "\" already has a handler for "
                        + (map == null ? "its events" : "map " + map) + " (" + existing.location() + ")");
            }
        }
        target.addEventHandler(new EventHandler(map, fn, type, runtime.callerLocation()));
        return NONE;
    }

    private static final int STRING = org.luaj.vm2.LuaValue.TSTRING;
}
