package io.bpfx.exporter.spec;

/** What to do with the per-CPU slots of a per-CPU map's value. */
public enum PerCpuMode {
    /** Add the slots of all CPUs into one value (ebpf_exporter's default). */
    SUM,
    /**
     * One series per CPU, with the CPU index as an extra label (ebpf_exporter does
     * this when the last label is named {@code cpu}).
     */
    SPLIT
}
