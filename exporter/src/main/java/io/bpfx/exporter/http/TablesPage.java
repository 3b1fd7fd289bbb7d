package io.bpfx.exporter.http;

import io.bpfx.exporter.MetricDump;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ebpf_exporter v1's {@code /tables} debug page: per program, each table a metric
 * reads, one line per entry: {@code raw key (labels) -> value}, in v1's markdown shape.
 */
public final class TablesPage {
    private TablesPage() {
    }

    /** @param programs program name to the dump of its metrics, in order */
    public static String render(Map<String, List<MetricDump>> programs) {
        StringBuilder b = new StringBuilder();
        programs.forEach((program, metrics) -> {
            b.append("## Program: ").append(program).append("\n\n");
            Set<String> seen = new HashSet<>();
            for (MetricDump m : metrics) {
                if (!seen.add(m.map())) continue; // v1 lists tables, which several metrics may share
                b.append("### Table: ").append(m.map()).append("\n\n```\n");
                if (m.error() != null) b.append("error: ").append(m.error()).append('\n');
                for (MetricDump.Row r : m.rows()) {
                    String labels = r.labels() == null ? r.status() : "[" + String.join(" ", r.labels().values()) + "]";
                    double sum = r.values().stream().mapToDouble(Number::doubleValue).sum();
                    b.append("0x").append(r.key()).append(" (").append(labels).append(") -> ")
                            .append(String.format(java.util.Locale.ROOT, "%f", sum)).append('\n');
                }
                b.append("```\n\n");
            }
        });
        return b.toString();
    }

}
