package io.bpfx.dsl;

import java.util.Map;

/**
 * One {@code add_metric{...}}, kept raw: the table converted to plain Java (see
 * {@link LuaConversions#toJava}; Lua functions are rejected by {@code add_metric}). The exporter
 * interprets it (as {@code TargetPlan.Metric}) and reports its own errors against {@code location}.
 */
public record MetricTable(Map<String, Object> definition, SourceLocation location) {
}
