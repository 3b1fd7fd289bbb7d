package io.bpfx.exporter.spec;

import java.util.regex.Pattern;

/** Prometheus naming rules, and the prefixing ebpf_exporter applies. */
public final class MetricNames {

    /** ebpf_exporter's namespace: every config metric is {@code ebpf_exporter_<name>}. */
    public static final String EBPF_EXPORTER_NAMESPACE = "ebpf_exporter";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {
    }

    /**
     * Joins non-empty parts with {@code _}, as Go's {@code prometheus.BuildFQName}
     * does: ({@code ebpf_exporter}, {@code biolatency_seconds}) gives
     * {@code ebpf_exporter_biolatency_seconds}.
     */
    public static String fullName(String namespace, String name) {
        if (namespace == null || namespace.isEmpty()) {
            return name;
        }
        if (name == null || name.isEmpty()) {
            return namespace;
        }
        return namespace + "_" + name;
    }

    public static boolean isValidMetricName(String name) {
        return name != null && METRIC_NAME.matcher(name).matches();
    }

    public static boolean isValidLabelName(String name) {
        return name != null && LABEL_NAME.matcher(name).matches() && !name.startsWith("__");
    }

    public static String requireMetricName(String name) {
        if (!isValidMetricName(name)) {
            throw new IllegalArgumentException("invalid metric name \"" + name + "\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        return name;
    }

    public static String requireLabelName(String name) {
        if (!isValidLabelName(name)) {
            throw new IllegalArgumentException("invalid label name \"" + name
                    + "\" (must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __)");
        }
        return name;
    }

    /** Counter family name: the exposed samples are {@code <family>_total}. */
    public static String counterFamily(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
