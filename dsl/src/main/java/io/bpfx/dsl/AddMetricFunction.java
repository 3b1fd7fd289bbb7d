package io.bpfx.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.Varargs;

/**
 * {@code add_metric{...}}: a Prometheus metric over one of the target's maps. Kept raw (plain
 * Java, keys sorted) for the exporter, which validates the fields against the recorded line.
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
            definition.put(key, e.getValue());
        }
        target.addMetric(new MetricSpec(java.util.Collections.unmodifiableMap(definition), runtime.callerLocation()));
        return NONE;
    }
}
