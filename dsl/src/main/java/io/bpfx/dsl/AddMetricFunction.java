package io.bpfx.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code add_metric{...}}: a Prometheus metric over one of the target's maps. Kept raw (plain
 * Java, keys sorted) for the exporter, which validates the fields against the recorded line;
 * only Lua values with no plain form (functions) are refused here.
 */
final class AddMetricFunction extends DslFunction {

    AddMetricFunction(DslRuntime runtime) {
        super(runtime, "add_metric", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        Object converted = LuaConversions.toJava(args.table(1, "describing the metric"));
        if (!(converted instanceof Map<?, ?> raw) || raw.isEmpty()) {
            throw args.error("expects a table of name = value fields, e.g. add_metric{ name = \"...\", ... }");
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw args.error("field names must be strings, got " + e.getKey());
            }
            checkPlain(args, e.getValue(), key);
            definition.put(key, e.getValue());
        }
        target.addMetric(new MetricTable(java.util.Collections.unmodifiableMap(definition), runtime.callerLocation()));
        return NONE;
    }

    /** A metric is data: a Lua function (or thread, userdata) inside it has no meaning to the exporter. */
    private static void checkPlain(Args args, Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkPlain(args, e.getValue(), path + "." + e.getKey());
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkPlain(args, l.get(i), path + "[" + i + "]");
            }
        } else if (v instanceof LuaValue lv) {
            throw args.error(path + ": expected a number, string, boolean or table, got a " + lv.typename());
        }
    }
}
