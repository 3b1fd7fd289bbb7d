package io.bpfx.exporter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.ExampleExporter;
import io.bpfx.exporter.MapMetricsCollector;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real server on 127.0.0.1 with an ephemeral port. */
class ExporterServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final CollectorRegistry registry = new CollectorRegistry();
    private MapMetricsCollector collector;
    private ExporterServer server;

    @BeforeEach
    void register() {
        collector = ExampleExporter.collector();
        registry.register(collector);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ExporterServer.Builder builder() {
        return ExporterServer.builder(registry).listen("127.0.0.1:0")
                .landingPage(() -> new LandingPage("bpfx exporter", List.of(
                        new LandingPage.Target("example", "tracepoint:block:block_rq_complete, 2 maps"),
                        new LandingPage.Target("runq.lua", "<script>"))));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        server = builder().start();
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ExampleExporter.EXPECTED, r.body());
    }

    @Test
    void openMetricsIsNegotiatedFromAccept() throws Exception {
        server = builder().start();
        HttpResponse<String> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, r.statusCode());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                r.headers().firstValue("Content-Type").orElse(""));
        String body = r.body();
        assertTrue(body.endsWith("# EOF\n"), body);
        assertTrue(body.contains("# TYPE ebpf_exporter_page_cache_ops counter\n"), body);
        assertTrue(body.contains("ebpf_exporter_page_cache_ops_total{command=\"syslog-ng\",op=\"add_to_page_cache_lru\"} 1092.0\n"), body);
        assertTrue(body.contains("ebpf_exporter_bio_latency_seconds_bucket{device=\"sda\",operation=\"read\",le=\"1e-06\"} 2.0\n"), body);
    }

    @Test
    void landingPageListsTargetsAndLinks() throws Exception {
        server = builder().metricsPath("/probe/metrics").start();
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        String html = r.body();
        assertTrue(html.contains("<title>bpfx exporter</title>"), html);
        assertTrue(html.contains("<a href=\"/probe/metrics\">Metrics</a>"), html);
        assertTrue(html.contains("<tr><td>example</td><td>tracepoint:block:block_rq_complete, 2 maps</td></tr>"), html);
        assertTrue(html.contains("<tr><td>runq.lua</td><td>&lt;script&gt;</td></tr>"), html);
        assertFalse(html.contains("/maps"), html);

        assertEquals(ExampleExporter.EXPECTED, get("/probe/metrics").body());
        assertEquals(404, get("/metrics").statusCode());
        assertEquals(404, get("/maps").statusCode());
        assertEquals(200, get("/-/healthy").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void debugModeServesTheMapsAsJson() throws Exception {
        server = builder().debugMaps(collector::dump).start();
        assertTrue(get("/").body().contains("<a href=\"/maps\">Maps (debug)</a>"));
        HttpResponse<String> r = get("/maps");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode dump = new ObjectMapper().readTree(r.body());
        assertEquals(3, dump.size()); // the counter, the histogram and the gauge
        JsonNode ops = dump.get(0);
        assertEquals("ebpf_exporter_page_cache_ops_total", ops.get("metric").asText());
        assertEquals("page_cache_ops_total", ops.get("map").asText());
        JsonNode first = ops.get("rows").get(0);
        assertEquals("b0f52981ffffffff7379736c6f672d6e6700000000000000", first.get("key").asText());
        assertEquals("mark_page_accessed", first.get("labels").get("op").asText());
        assertEquals("syslog-ng", first.get("labels").get("command").asText());
        assertEquals(54846, first.get("values").get(0).asLong());
        assertEquals("skipped", ops.get("rows").get(2).get("status").asText());
    }

    @Test
    void aBusyPortIsAOneLineError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            BpfxException e = assertThrows(BpfxException.class,
                    () -> ExporterServer.builder(registry).listen("127.0.0.1:" + port).start());
            assertEquals("cannot listen on 127.0.0.1:" + port + ": address already in use", e.getMessage());
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        server = builder().start();
        int port = server.port();
        assertEquals(200, get("/-/healthy").statusCode());
        server.close();
        server = null;
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void gzipHeadAndNameFilters() throws Exception {
        server = builder().start();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Accept-Encoding", "gzip");
        HttpResponse<byte[]> gz = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
            assertEquals(ExampleExporter.EXPECTED, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        String only = get("/metrics?name[]=ebpf_exporter_decoder_errors_total").body();
        assertTrue(only.startsWith("# HELP ebpf_exporter_decoder_errors_total "), only);
        assertFalse(only.contains("page_cache_ops"), only);
    }

    @Test
    void concurrentScrapesAllGetTheWholePage() throws Exception {
        server = builder().start();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                all.add(pool.submit(() -> get("/metrics")));
            }
            for (java.util.concurrent.Future<HttpResponse<String>> f : all) {
                assertEquals(ExampleExporter.EXPECTED, f.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void utf8BufferEncodesLikeString() {
        Utf8Buffer b = new Utf8Buffer(1);
        String text = "plain ascii, é, 漢字, 😀 and a lone \ud800 surrogate";
        for (char c : text.toCharArray()) {
            b.write(c);
        }
        b.write(text);
        b.append(text, 0, 5);
        assertEquals(text.replace('\ud800', '?') + text.replace('\ud800', '?') + "plain",
                new String(b.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void badMetricsPaths() {
        assertThrows(BpfxException.BadInput.class, () -> ExporterServer.builder(registry).metricsPath("metrics"));
        assertThrows(BpfxException.BadInput.class, () -> ExporterServer.builder(registry).metricsPath("/"));
        assertThrows(BpfxException.BadInput.class, () -> ExporterServer.builder(registry).metricsPath("/maps"));
    }

    /**
     * Concurrent requests run at once (the Prometheus client's own pool serves one at a time):
     * each of these waits for all the others to arrive, which only works if they are served together.
     */
    @Test
    void concurrentRequestsAreServedTogether() throws Exception {
        int n = ExporterServer.REQUEST_THREADS;
        java.util.concurrent.CyclicBarrier all = new java.util.concurrent.CyclicBarrier(n);
        server = builder().handle("/together", ex -> {
            int status;
            try {
                all.await(20, java.util.concurrent.TimeUnit.SECONDS);
                status = 200;
            } catch (Exception e) {
                status = 503;
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        }).start();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                replies.add(clients.submit(() -> get("/together")));
            }
            for (java.util.concurrent.Future<HttpResponse<String>> r : replies) {
                assertEquals(200, r.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            }
        } finally {
            clients.shutdownNow();
        }
        // and the metrics still answer after them
        assertEquals(ExampleExporter.EXPECTED, get("/metrics").body());
    }
}
