package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders buckets as bpftrace draws histograms:
 * <pre>
 * [4, 8)                12 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
 * [8, 16)                3 |@@@@@@@@@@@@@                                       |
 * </pre>
 * range left-aligned in 16 columns, count right-aligned in 8, a 52-wide bar of {@code @} scaled
 * to the largest count (floor(count * 52 / max)): 79 columns in all. Bounds that are exact
 * multiples of 1024^k print with K, M, G, T, P, E as bpftrace does ({@code [1K, 2K)}). Leading
 * and trailing empty buckets are skipped, empty ones in between kept.
 */
public final class HistogramFormatter {
    public static final int BAR_WIDTH = 52;
    private static final String SUFFIXES = "KMGTPE";

    /** Values in [low, high) were seen {@code count} times. Bounds are unsigned 64-bit. */
    public record Bucket(long low, long high, long count) {
    }

    private HistogramFormatter() {
    }

    /**
     * Log2 buckets from an exp2 map: bucket b covers [2^b, 2^(b+1)), bucket 0 covers [0, 2).
     * Missing indexes between the smallest and largest count as 0. The caller leaves out the sum
     * slot (see {@link MapView#isHistogram()}).
     */
    public static List<Bucket> log2Buckets(Map<Long, Long> countsByIndex) {
        TreeMap<Long, Long> sorted = new TreeMap<>(countsByIndex);
        List<Bucket> buckets = new ArrayList<>();
        if (sorted.isEmpty()) {
            return buckets;
        }
        long first = sorted.firstKey();
        long last = sorted.lastKey();
        if (first < 0 || last > 62) {
            throw new IllegalArgumentException("log2 bucket index out of range 0..62: " + (first < 0 ? first : last));
        }
        for (long b = first; b <= last; b++) {
            long low = b == 0 ? 0 : 1L << b;
            long high = 1L << (b + 1);
            buckets.add(new Bucket(low, high, sorted.getOrDefault(b, 0L)));
        }
        return buckets;
    }

    /** The drawing, one line per bucket, each ending in '\n'; "" when every count is 0. */
    public static String format(List<Bucket> buckets) {
        List<Bucket> shown = trim(buckets);
        long max = 0;
        for (Bucket bucket : shown) {
            max = Math.max(max, bucket.count());
        }
        StringBuilder out = new StringBuilder();
        for (Bucket bucket : shown) {
            String range = "[" + label(bucket.low()) + ", " + label(bucket.high()) + ")";
            String bar = "@".repeat(barLength(bucket.count(), max));
            out.append(String.format("%-16s%8d |%-" + BAR_WIDTH + "s|\n", range, bucket.count(), bar));
        }
        return out.toString();
    }

    /**
     * BCC's print_log2_hist drawing: a header naming the unit, then one row per bucket from
     * the first up to the last non-empty one, a 40-wide bar of {@code *} (78 columns):
     * <pre>
     *      usecs               : count     distribution
     *          0 -> 1          : 3        |****                                    |
     * </pre>
     */
    public static String formatBcc(List<Bucket> buckets, String unit) {
        int last = buckets.size() - 1;
        while (last >= 0 && buckets.get(last).count() == 0) last--;
        StringBuilder out = new StringBuilder(String.format("     %-19s : count     distribution\n", unit));
        long max = 0;
        for (int i = 0; i <= last; i++) max = Math.max(max, buckets.get(i).count());
        for (int i = 0; i <= last; i++) {
            Bucket b = buckets.get(i);
            int stars = max == 0 ? 0 : (int) Math.min(40, b.count() * 40 / max);
            out.append(String.format("%10s -> %-10s : %-8d |%-40s|\n", Long.toUnsignedString(b.low()),
                    Long.toUnsignedString(b.high() - 1), b.count(), "*".repeat(stars)));
        }
        return out.toString();
    }

    /** The buckets from the first to the last non-empty one; empty when all are empty. */
    public static List<Bucket> trim(List<Bucket> buckets) {
        int first = 0;
        while (first < buckets.size() && buckets.get(first).count() == 0) {
            first++;
        }
        int last = buckets.size() - 1;
        while (last >= first && buckets.get(last).count() == 0) {
            last--;
        }
        return buckets.subList(first, last + 1);
    }

    /** 1024 → "1K", 3 * 2^20 → "3M", 1536 → "1536". */
    static String label(long n) {
        for (int k = SUFFIXES.length(); k >= 1; k--) {
            long unit = 1L << (10 * k);
            if (Long.compareUnsigned(n, unit) >= 0 && Long.remainderUnsigned(n, unit) == 0) {
                return Long.toUnsignedString(Long.divideUnsigned(n, unit)) + SUFFIXES.charAt(k - 1);
            }
        }
        return Long.toUnsignedString(n);
    }

    private static int barLength(long count, long max) {
        if (max <= 0 || count <= 0) {
            return 0;
        }
        if (count <= Long.MAX_VALUE / BAR_WIDTH) {
            return (int) (count * BAR_WIDTH / max);
        }
        return (int) Math.min(BAR_WIDTH, (double) count / max * BAR_WIDTH);
    }
}
