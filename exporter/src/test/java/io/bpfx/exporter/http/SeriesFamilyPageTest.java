package io.bpfx.exporter.http;

import io.bpfx.exporter.metric.Exposition;
import io.bpfx.exporter.metric.SeriesFamily;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics page writes {@link SeriesFamily} series from cached label blocks;
 * its bytes must be the Java client's {@link TextFormat} output for the same
 * samples, in both formats, whatever the labels and values hold.
 */
class SeriesFamilyPageTest {

    /** Values that take every path of {@link Exposition#writeValue}: digits, exponent form, Double.toString. */
    static final double[] VALUES = {0, -0.0, 1, -1, 7, 10, 999_999, 1_000_000, 9_999_999, 10_000_000, 10_000_001,
            12_345_678, 100_000_000, 123_456_789_012L, 1e15, 4_503_599_627_370_497L, 9_007_199_254_740_991L,
            9_007_199_254_740_992L, 9_007_199_254_740_993L, 18_014_398_509_481_984L, 1L << 60, Long.MAX_VALUE,
            1.8446744073709552E19 /* a u64 counter near its end */, -12_345_678, 0.5, 1e-7, 3.14159, 1e300,
            Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @Test
    void valuesAreWrittenAsTheClientWritesThem() {
        byte[] buf = new byte[Exposition.MAX_VALUE_BYTES];
        List<Double> all = new ArrayList<>();
        for (double v : VALUES) {
            all.add(v);
        }
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < 200_000; i++) {
            long bits = rnd.nextLong(1L << 62) >>> rnd.nextInt(62); // integers of every length
            all.add((double) bits);
            all.add((double) -bits);
            all.add(Double.longBitsToDouble(rnd.nextLong())); // any double
        }
        for (double v : all) {
            int n = Exposition.writeValue(buf, 0, v);
            assertEquals(Collector.doubleToGoString(v), new String(buf, 0, n, StandardCharsets.US_ASCII), "value " + v);
        }
    }

    /** Label values with the three escaped characters, non-ASCII, and all the VALUES. */
    static MetricFamilySamples family(String name, Collector.Type type, List<String> labelNames) {
        String sampleName = type == Collector.Type.COUNTER ? name + "_total" : name;
        String[] labelValues = {"plain", "back\\slash", "quo\"te", "new\nline", "all\\\"\n\\n", "", "ünï€😀", "{x=\"y\",}"};
        List<Sample> samples = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < VALUES.length; i++) {
            List<String> lv = new ArrayList<>();
            for (int l = 0; l < labelNames.size(); l++) {
                lv.add(labelValues[(i + l) % labelValues.length] + (l == 0 ? i : ""));
            }
            samples.add(new Sample(sampleName, labelNames, lv, VALUES[i]));
            blocks.add(Exposition.labelBlock(labelNames, lv));
            values.add(VALUES[i]);
        }
        if (labelNames.isEmpty()) { // one series only: a family has one series without labels
            samples = samples.subList(0, 1);
        }
        double[] vs = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new SeriesFamily(name, type, "help with \\ back\\slash, \"quotes\" and a\nnew line", samples,
                sampleName, blocks.toArray(new byte[0][]), vs, samples.size());
    }

    /** A collector mixing SeriesFamilies with the client's own metric (which has _created samples). */
    static CollectorRegistry registry() {
        CollectorRegistry registry = new CollectorRegistry();
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(family("a_gauge", Type.GAUGE, List.of("b", "a")),
                        family("b_counter", Type.COUNTER, List.of("key")),
                        new MetricFamilySamples("c_plain", Type.GAUGE, "in between", List.of(
                                new Sample("c_plain", List.of("x"), List.of("1"), 2.5))),
                        family("d_nolabels", Type.COUNTER, List.of()),
                        new SeriesFamily("e_empty", Type.GAUGE, "no series now", List.of(), "e_empty",
                                new byte[0][], new double[0], 0));
            }
        }.register(registry);
        Counter.build("z_client_total", "a client counter").labelNames("l").register(registry).labels("v").inc(3);
        return registry;
    }

    @Test
    void thePageIsTheClientsTextInBothFormats() throws Exception {
        CollectorRegistry registry = registry();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ExporterServer server = ExporterServer.builder(registry).listen("127.0.0.1:0").start()) {
            for (String accept : new String[] {"text/plain", "application/openmetrics-text; version=1.0.0"}) {
                String type = TextFormat.chooseContentType(accept);
                StringWriter expected = new StringWriter();
                TextFormat.writeFormat(type, expected, registry.metricFamilySamples());
                assertTrue(expected.toString().contains("quo\\\"te"), "the families reach the client's writer");

                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
                HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(uri).header("Accept", accept)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(type, plain.headers().firstValue("Content-Type").orElse(""));
                assertEquals(expected.toString(), new String(plain.body(), StandardCharsets.UTF_8), accept);

                HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(uri).header("Accept", accept)
                        .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                    assertEquals(expected.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8), accept + ", gzip");
                }
            }
        }
    }

    /** The page takes a SeriesFamily's lines from its blocks and values (the fast path is the one taken). */
    @Test
    void seriesAreWrittenFromTheirBlocks() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                // no Sample at all: only the blocks can put the series on the page
                return List.of(new SeriesFamily("blocks_total", Type.COUNTER, "from blocks", List.of(), "blocks_total",
                        new byte[][] {Exposition.labelBlock(List.of("k"), List.of("a\"b")), Exposition.NO_LABELS},
                        new double[] {3, 1e20}, 2));
            }
        }.register(registry);
        try (ExporterServer server = ExporterServer.builder(registry).listen("127.0.0.1:0").start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("# HELP blocks_total from blocks\n# TYPE blocks_total counter\n"
                    + "blocks_total{k=\"a\\\"b\",} 3.0\nblocks_total 1.0E20\n", r.body());
        }
    }
}
