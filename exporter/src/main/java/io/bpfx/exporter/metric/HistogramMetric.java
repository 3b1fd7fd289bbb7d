package io.bpfx.exporter.metric;

import io.bpfx.exporter.spec.HistogramSpec;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A histogram family built from a map whose last key field is a bucket index,
 * with ebpf_exporter's bucket maths: every bucket of the configured range is
 * exported (missing keys count 0), counts are cumulative, {@code +Inf} equals the
 * total count, and the key after the last bucket holds the sum (in bucket units,
 * scaled by the multiplier). Keys outside the range are ignored.
 */
public final class HistogramMetric {

    /** One cumulative bucket: observations {@code <= le}. */
    public record Bucket(double le, double cumulativeCount) {
    }

    /** A transformed histogram: finite buckets ascending, then count and sum. */
    public record Buckets(List<Bucket> buckets, double count, double sum) {
    }

    private final HistogramSpec spec;
    private final Map<LabelValues, Map<Double, Double>> raw = new HashMap<>();

    public HistogramMetric(HistogramSpec spec) {
        this.spec = spec;
    }

    /** Adds a map entry: {@code count} at bucket key {@code bucketKey} of {@code series}. */
    public void add(LabelValues series, double bucketKey, double count) {
        raw.computeIfAbsent(series, k -> new HashMap<>()).merge(bucketKey, count, Double::sum);
    }

    public Set<LabelValues> series() {
        return raw.keySet();
    }

    public void retain(Set<LabelValues> keep) {
        raw.keySet().retainAll(keep);
    }

    /** Drops a series whose bucket keys could not be read. */
    public void remove(LabelValues series) {
        raw.remove(series);
    }

    public Buckets buckets(LabelValues series) {
        return transform(raw.getOrDefault(series, Map.of()), spec);
    }

    /**
     * ebpf_exporter's transform of raw bucket counts (key to count) into cumulative
     * buckets. {@code exp2}: key i is le 2^i; {@code exp2zero}: key 0 is le 0, key
     * i is le 2^(i-1); {@code linear}: key i is le i; {@code fixed}: each listed key
     * is its own le. All les are multiplied by the multiplier, and so is the sum read
     * from key {@code bucket_max + 1} (fixed: last key + 1; auto max: the largest key present).
     */
    public static Buckets transform(Map<Double, Double> counts, HistogramSpec spec) {
        double m = spec.multiplier();
        // a TreeMap keeps les sorted; equal les keep the later count, as Go's map does
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        double count = 0;
        double sumKey;
        switch (spec.type()) {
            case FIXED -> {
                for (double key : spec.keys()) {
                    count += counts.getOrDefault(key, 0.0);
                    cumulative.put(key * m, count);
                }
                sumKey = spec.keys().get(spec.keys().size() - 1) + 1;
            }
            default -> {
                // auto: the largest key present is the sum, the buckets end just before it
                int max = spec.autoMax()
                        ? (int) counts.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(spec.min()) - 1
                        : spec.max();
                for (int i = spec.min(); i <= max; i++) {
                    count += counts.getOrDefault((double) i, 0.0);
                    cumulative.put(upperBound(spec, i), count);
                }
                sumKey = max + 1.0;
            }
        }
        List<Bucket> buckets = new ArrayList<>(cumulative.size());
        cumulative.forEach((le, c) -> buckets.add(new Bucket(le, c)));
        double sum = counts.getOrDefault(sumKey, 0.0) * m;
        return new Buckets(buckets, count, sum);
    }

    private static double upperBound(HistogramSpec spec, int i) {
        double m = spec.multiplier();
        return switch (spec.type()) {
            case EXP2 -> Math.pow(2, i) * m;
            case EXP2ZERO -> i == 0 ? 0 : Math.pow(2, i - 1) * m;
            case LINEAR -> i * m;
            case FIXED -> throw new IllegalStateException("fixed buckets have no index bound");
        };
    }

    /**
     * Reads a decoded bucket label as Go's {@code strconv.ParseUint(s, 0, 64)}:
     * decimal, or {@code 0x}/{@code 0o}/{@code 0b} prefixed, or a leading {@code 0}
     * for octal; underscores between digits are allowed with a prefix.
     *
     * @throws NumberFormatException not an unsigned 64-bit number
     */
    public static long parseBucketKey(String s) {
        String t = s;
        int radix = 10;
        boolean prefixed = false;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            if (p == 'x' || p == 'b' || p == 'o') {
                radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
                t = t.substring(2);
            } else {
                radix = 8;
                t = t.substring(1);
            }
            prefixed = true;
        }
        if (prefixed) {
            // Go allows underscores between digits and right after the base prefix
            if (t.endsWith("_") || t.contains("__")) {
                throw new NumberFormatException("invalid bucket \"" + s + "\"");
            }
            t = t.replace("_", "");
        }
        if (t.isEmpty() || t.charAt(0) == '+' || t.charAt(0) == '-') {
            throw new NumberFormatException("invalid bucket \"" + s + "\"");
        }
        return Long.parseUnsignedLong(t, radix);
    }

    /**
     * The family: per series, buckets with {@code le} formatted as Go does, then
     * {@code +Inf}, {@code _sum} and {@code _count}, in client_golang's order.
     */
    public MetricFamilySamples toFamily(String name, String help, List<String> labelNames) {
        ExposedLabels exposed = new ExposedLabels(labelNames);
        List<LabelValues> order = new ArrayList<>(raw.keySet());
        order.sort(exposed.seriesOrder());
        List<String> bucketNames = exposed.namesPlus("le");
        List<Sample> samples = new ArrayList<>();
        for (LabelValues series : order) {
            Buckets b = buckets(series);
            for (Bucket bucket : b.buckets()) {
                samples.add(new Sample(name + "_bucket", bucketNames,
                        exposed.valuesPlus(series, GoFloat.format(bucket.le())), bucket.cumulativeCount()));
            }
            samples.add(new Sample(name + "_bucket", bucketNames, exposed.valuesPlus(series, "+Inf"), b.count()));
            samples.add(new Sample(name + "_sum", exposed.names(), exposed.values(series), b.sum()));
            samples.add(new Sample(name + "_count", exposed.names(), exposed.values(series), b.count()));
        }
        return new MetricFamilySamples(name, Type.HISTOGRAM, help, samples);
    }
}
