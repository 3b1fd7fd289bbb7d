package io.bpfx.exporter.spec;

import java.util.Locale;

/** How a histogram's bucket keys map to upper bounds, as ebpf_exporter's {@code bucket_type}. */
public enum BucketType {
    /** Key {@code i} is the bucket {@code le = 2^i * multiplier}, for i in [min, max]. */
    EXP2,
    /** Key 0 is {@code le = 0}; key {@code i > 0} is {@code le = 2^(i-1) * multiplier}. */
    EXP2ZERO,
    /** Key {@code i} is {@code le = i * multiplier}, for i in [min, max]. */
    LINEAR,
    /** Keys listed in {@code bucket_keys}; key {@code k} is {@code le = k * multiplier}. */
    FIXED;

    /** The name used in configs ({@code exp2}, {@code exp2zero}, {@code linear}, {@code fixed}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name; null if unknown. */
    public static BucketType fromConfigName(String name) {
        for (BucketType t : values()) {
            if (t.configName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
