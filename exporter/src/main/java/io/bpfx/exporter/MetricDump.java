package io.bpfx.exporter;

import java.util.List;
import java.util.Map;

/**
 * What one metric reads from its map right now, for the debug {@code /maps}
 * endpoint (ebpf_exporter's {@code --debug} page): every entry's raw key, the
 * labels it decodes to and its raw values (one per CPU for per-CPU maps).
 */
public record MetricDump(String metric, String map, String error, List<Row> rows) {

    /**
     * @param key    key bytes as hex, in memory order
     * @param labels key label name to value, in spec order; null when skipped or failed
     * @param status {@code ok}, {@code skipped} or {@code error: <why>}
     * @param values the value field per CPU
     */
    public record Row(String key, Map<String, String> labels, String status, List<Number> values) {
    }
}
