package io.bpfx.exporter.metric;

import io.bpfx.exporter.spec.HistogramSpec;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistogramMetricTest {

    private static List<HistogramMetric.Bucket> buckets(double... leAndCount) {
        List<HistogramMetric.Bucket> out = new ArrayList<>();
        for (int i = 0; i < leAndCount.length; i += 2) {
            out.add(new HistogramMetric.Bucket(leAndCount[i], leAndCount[i + 1]));
        }
        return out;
    }

    @Test
    void exp2FillsMissingBucketsCumulatesAndReadsTheSumKey() {
        // keys: 0..3 buckets, 4 = bucket_max + 1 holds the sum, 7 is out of range and ignored
        Map<Double, Double> raw = Map.of(0.0, 1.0, 2.0, 3.0, 3.0, 1.0, 4.0, 20.0, 7.0, 100.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.exp2(0, 3, 0));
        assertEquals(buckets(1, 1, 2, 1, 4, 4, 8, 5), b.buckets());
        assertEquals(5, b.count());
        assertEquals(20, b.sum());
    }

    /** The exp2 example from ebpf_exporter's seam fix (values 1..8 observed once each, sum 36). */
    @Test
    void exp2MatchesEbpfExporter() {
        Map<Double, Double> raw = Map.of(0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 36.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.exp2(0, 3, 1));
        assertEquals(buckets(1, 1, 2, 2, 4, 4, 8, 8), b.buckets());
        assertEquals(8, b.count());
        assertEquals(36, b.sum());
    }

    /** The exp2zero example from the same fix: values 0..8, a bucket for zero first. */
    @Test
    void exp2zeroHasAZeroBucketThenPowersOfTwo() {
        Map<Double, Double> raw = Map.of(0.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0, 2.0, 4.0, 4.0, 5.0, 36.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.exp2zero(0, 4, 1));
        assertEquals(buckets(0, 1, 1, 2, 2, 3, 4, 5, 8, 9), b.buckets());
        assertEquals(9, b.count());
        assertEquals(36, b.sum());
    }

    @Test
    void exp2MultiplierScalesBoundsAndSum() {
        Map<Double, Double> raw = Map.of(1.0, 2.0, 3.0, 1000.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.exp2(0, 2, 1024));
        assertEquals(buckets(1024, 0, 2048, 2, 4096, 2), b.buckets());
        assertEquals(1000 * 1024.0, b.sum());
    }

    @Test
    void exp2WithNegativeMinimum() {
        HistogramMetric.Buckets b = HistogramMetric.transform(Map.of(-2.0, 1.0), HistogramSpec.exp2(-2, 1, 1));
        assertEquals(buckets(0.25, 1, 0.5, 1, 1, 1, 2, 1), b.buckets());
    }

    @Test
    void linearBucketsAreKeyTimesMultiplier() {
        Map<Double, Double> raw = Map.of(1.0, 2.0, 3.0, 5.0, 5.0, 123.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.linear(1, 4, 10));
        assertEquals(buckets(10, 2, 20, 2, 30, 7, 40, 7), b.buckets());
        assertEquals(7, b.count());
        assertEquals(1230, b.sum());
    }

    @Test
    void fixedBucketsUseTheListedKeysAndLastKeyPlusOneForTheSum() {
        Map<Double, Double> raw = Map.of(5.0, 3.0, 50.0, 1.0, 51.0, 400.0, 7.0, 99.0);
        HistogramMetric.Buckets b = HistogramMetric.transform(raw, HistogramSpec.fixed(List.of(1.0, 5.0, 10.0, 50.0), 0.001));
        assertEquals(4, b.buckets().size());
        assertEquals(new HistogramMetric.Bucket(1 * 0.001, 0), b.buckets().get(0));
        assertEquals(new HistogramMetric.Bucket(5 * 0.001, 3), b.buckets().get(1));
        assertEquals(new HistogramMetric.Bucket(10 * 0.001, 3), b.buckets().get(2));
        assertEquals(new HistogramMetric.Bucket(50 * 0.001, 4), b.buckets().get(3));
        assertEquals(4, b.count());
        assertEquals(400 * 0.001, b.sum());
    }

    @Test
    void emptySeriesStillHasEveryBucket() {
        HistogramMetric.Buckets b = HistogramMetric.transform(Map.of(), HistogramSpec.linear(0, 2, 1));
        assertEquals(buckets(0, 0, 1, 0, 2, 0), b.buckets());
        assertEquals(0, b.count());
        assertEquals(0, b.sum());
    }

    @Test
    void familyHasBucketsInfSumAndCountPerSeriesWithSortedLabels() {
        HistogramMetric h = new HistogramMetric(HistogramSpec.exp2(0, 1, 0.000001));
        h.add(LabelValues.of("write", "sda"), 0, 2);
        h.add(LabelValues.of("write", "sda"), 1, 1);
        h.add(LabelValues.of("write", "sda"), 1, 1);   // same series and bucket: added
        h.add(LabelValues.of("read", "sda"), 2, 7);    // only the sum key
        MetricFamilySamples f = h.toFamily("ebpf_exporter_bio_latency_seconds", "Block IO latency",
                List.of("operation", "device"));

        assertEquals(Type.HISTOGRAM, f.type);
        assertEquals("ebpf_exporter_bio_latency_seconds", f.name);
        List<String> le = List.of("device", "operation", "le");
        List<String> plain = List.of("device", "operation");
        String n = "ebpf_exporter_bio_latency_seconds";
        assertEquals(List.of(
                new Sample(n + "_bucket", le, List.of("sda", "read", "1e-06"), 0),
                new Sample(n + "_bucket", le, List.of("sda", "read", "2e-06"), 0),
                new Sample(n + "_bucket", le, List.of("sda", "read", "+Inf"), 0),
                new Sample(n + "_sum", plain, List.of("sda", "read"), 7 * 0.000001),
                new Sample(n + "_count", plain, List.of("sda", "read"), 0),
                new Sample(n + "_bucket", le, List.of("sda", "write", "1e-06"), 2),
                new Sample(n + "_bucket", le, List.of("sda", "write", "2e-06"), 4),
                new Sample(n + "_bucket", le, List.of("sda", "write", "+Inf"), 4),
                new Sample(n + "_sum", plain, List.of("sda", "write"), 0),
                new Sample(n + "_count", plain, List.of("sda", "write"), 4)), f.samples);
    }

    @Test
    void bucketLabelsParseAsGoParseUintBaseZero() {
        assertEquals(0, HistogramMetric.parseBucketKey("0"));
        assertEquals(5, HistogramMetric.parseBucketKey("5"));
        assertEquals(31, HistogramMetric.parseBucketKey("0x1f"));
        assertEquals(31, HistogramMetric.parseBucketKey("0X1F"));
        assertEquals(31, HistogramMetric.parseBucketKey("0x_1f"));
        assertEquals(8, HistogramMetric.parseBucketKey("010"));
        assertEquals(15, HistogramMetric.parseBucketKey("0o17"));
        assertEquals(5, HistogramMetric.parseBucketKey("0b101"));
        assertEquals(-1, HistogramMetric.parseBucketKey("18446744073709551615")); // 2^64-1, unsigned
        for (String bad : List.of("", "-1", "+1", "abc", "1_000", "08", "0x", "1.5", "sda")) {
            assertThrows(NumberFormatException.class, () -> HistogramMetric.parseBucketKey(bad), bad);
        }
    }
}
