package io.bpfx.exporter.spec;

import java.util.List;

/**
 * Bucket layout of a histogram map, as ebpf_exporter's {@code bucket_type},
 * {@code bucket_min}, {@code bucket_max}, {@code bucket_keys} and
 * {@code bucket_multiplier}. The key {@code bucket_max + 1} (or last fixed key + 1)
 * holds the sum of observed values, in bucket units.
 */
public record HistogramSpec(BucketType type, int min, int max, List<Double> keys, double multiplier) {
    /**
     * {@code bucket_max = "auto"}: the last bucket is not declared, the largest key present
     * holds the sum (bpfx.h's layout, what a histogram derived from BTF alone reads: the
     * program's clamp is not in BTF).
     */
    public static final int AUTO_MAX = -1;

    public HistogramSpec {
        if (type == null) {
            throw new IllegalArgumentException("histogram needs a bucket type");
        }
        keys = keys == null ? List.of() : List.copyOf(keys);
        // ebpf_exporter: an unset (zero) multiplier means 1
        if (multiplier == 0) {
            multiplier = 1;
        }
        if (type == BucketType.FIXED) {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("fixed histogram needs bucket_keys");
            }
        } else if (max == AUTO_MAX) {
            if (min < 0) {
                throw new IllegalArgumentException("bucket_min must not be negative");
            }
        } else if (max <= min) {
            throw new IllegalArgumentException("histogram buckets have zero size: [bucket_min .. bucket_max] = ["
                    + min + " .. " + max + "]");
        }
    }

    public static HistogramSpec exp2(int min, int max, double multiplier) {
        return new HistogramSpec(BucketType.EXP2, min, max, List.of(), multiplier);
    }

    /** Whether the last bucket is read from the data: see {@link #AUTO_MAX}. */
    public boolean autoMax() {
        return max == AUTO_MAX && type != BucketType.FIXED;
    }

    public static HistogramSpec exp2zero(int min, int max, double multiplier) {
        return new HistogramSpec(BucketType.EXP2ZERO, min, max, List.of(), multiplier);
    }

    public static HistogramSpec linear(int min, int max, double multiplier) {
        return new HistogramSpec(BucketType.LINEAR, min, max, List.of(), multiplier);
    }

    public static HistogramSpec fixed(List<Double> keys, double multiplier) {
        return new HistogramSpec(BucketType.FIXED, 0, 0, keys, multiplier);
    }
}
