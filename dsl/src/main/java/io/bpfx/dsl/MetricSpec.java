package io.bpfx.dsl;

import java.util.Map;

/**
 * One {@code add_metric{...}}, kept raw: the table converted to plain Java (see
 * {@link LuaConversions#toJava}; Lua functions inside stay {@code LuaFunction}s). The exporter
 * interprets it and reports its own errors against {@code location}.
 */
public record MetricSpec(Map<String, Object> definition, SourceLocation location) {
}
