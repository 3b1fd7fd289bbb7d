package io.bpfx.exporter.spec;

/** What a {@link MetricSpec} is exposed as. */
public enum MetricType {
    /** Monotonic value; exposed with a {@code _total} sample name. */
    COUNTER,
    /** Value that can go down; exposed as is. */
    GAUGE,
    /** Map whose last key field is a bucket index (ebpf_exporter histograms). */
    HISTOGRAM
}
