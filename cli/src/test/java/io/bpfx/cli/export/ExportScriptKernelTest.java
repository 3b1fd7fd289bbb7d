package io.bpfx.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpfx export counts.lua} against the real kernel, in a JVM of its own:
 * the test workloads' exact counts through /metrics, event counters and Lua
 * errors, self metrics, a real Prometheus scraping it, and SIGTERM leaving
 * nothing attached. One exporter serves every test (in order), to keep the run short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportScriptKernelTest {
    static final long N = 1234;
    static final long CALLS = 777;
    static final long BOOMS = 5;

    private Path dir;
    private ExporterProcess exporter;
    private final String file = "/tmp/bpfx-export-" + UUID.randomUUID().toString().substring(0, 8);
    private int workloadPid;
    private int uprobePid;

    @BeforeAll
    void start() throws Exception {
        Kernel.require();
        dir = Files.createTempDirectory("bpfx-export-test");
        for (String f : List.of("counts.lua", "counts.bpf.c")) {
            Files.copy(Path.of(getClass().getResource("/export/" + f).toURI()), dir.resolve(f));
        }
        Files.writeString(Path.of(file), "x");
        Files.writeString(Path.of(file + "-boom"), "x");
        exporter = ExporterProcess.start(dir, "export", "counts.lua", "--listen", "127.0.0.1:0", "--debug",
                "-c", "bin=" + NativeBuild.bin("uprobe_target"));
        exporter.awaitLine(l -> l.startsWith("Attaching"), 60_000);
        exporter.port();

        try (Workload w = Workload.start("openloop", file, Long.toString(N))) {
            workloadPid = w.pid();
            assertEquals(N, w.go().awaitDone());
        }
        try (Workload w = Workload.start("uprobe_target", Long.toString(CALLS))) {
            uprobePid = w.pid();
            assertEquals(CALLS, w.go().awaitDone());
        }
        try (Workload w = Workload.start("openloop", file + "-boom", Long.toString(BOOMS))) {
            w.go().awaitDone();
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (exporter != null) {
            exporter.close();
        }
        Files.deleteIfExists(Path.of(file));
        Files.deleteIfExists(Path.of(file + "-boom"));
    }

    /** Polls /metrics until the sample has the value (events reach the exporter asynchronously). */
    private Exposition awaitValue(String name, Map<String, String> labels, double want) throws Exception {
        Exposition e = null;
        for (int i = 0; i < 100; i++) {
            e = new Exposition(exporter.metrics());
            OptionalDouble v = e.value(name, labels);
            if (v.isPresent() && v.getAsDouble() == want) {
                return e;
            }
            Thread.sleep(100);
        }
        assertEquals(OptionalDouble.of(want), e.value(name, labels), name + labels + " in\n" + exporter.metrics());
        return e;
    }

    @Test
    @Order(1)
    void counterShowsExactlyTheWorkloadsOpens() throws Exception {
        Exposition e = awaitValue("bpfx_opens_total", Map.of("comm", "openloop", "filename", file, "kind", "KIND_OPEN"), N);
        // pid is in the key but no label: each workload's entries are one series
        assertEquals(1, e.find("bpfx_opens_total", Map.of("filename", file)).size());
    }

    @Test
    @Order(2)
    void histogramBucketsAddUpToTheCalls() throws Exception {
        String pid = Integer.toString(uprobePid);
        Exposition e = awaitValue("bpfx_fn_latency_seconds_count", Map.of("pid", pid), CALLS);
        List<Exposition.Sample> buckets = e.find("bpfx_fn_latency_seconds_bucket", Map.of("pid", pid));
        assertEquals(32, buckets.size(), "31 buckets (2^0 .. 2^30 ns) and +Inf");
        assertEquals(CALLS, buckets.get(buckets.size() - 1).value(), "+Inf");
        assertEquals("+Inf", buckets.get(buckets.size() - 1).labels().get("le"));
        double prev = 0;
        for (Exposition.Sample b : buckets) {
            assertTrue(b.value() >= prev, "cumulative");
            prev = b.value();
        }
        double sum = e.value("bpfx_fn_latency_seconds_sum", Map.of("pid", pid)).orElseThrow();
        assertTrue(sum > 0 && sum < CALLS * 0.01, "sum of latencies in seconds: " + sum);
    }

    @Test
    @Order(3)
    void eventsAreCountedAndLuaErrorsDoNotStopTheExport() throws Exception {
        awaitValue("bpfx_open_events_total", Map.of("filename", file), N);
        awaitValue("bpfx_open_events_total", Map.of("filename", file + "-boom"), BOOMS);
        Exposition e = awaitValue("bpfx_lua_callback_errors_total", Map.of("target", "opens"), BOOMS);
        assertTrue(e.value("bpfx_target_events_total", Map.of("target", "opens")).orElseThrow() >= N + BOOMS);
        assertEquals(0, e.value("bpfx_target_events_lost_total", Map.of("target", "opens")).orElseThrow());
        assertTrue(exporter.stderr().stream().anyMatch(l -> l.startsWith("counts.lua:") && l.contains("boom at " + file)),
                "the Lua error is printed with its line: " + exporter.stderr());
        assertTrue(exporter.isAlive());
    }

    @Test
    @Order(4)
    void selfMetricsDescribeTheTargetAndItsPrograms() throws Exception {
        Exposition e = new Exposition(exporter.metrics());
        assertEquals(OptionalDouble.of(1), e.value("bpfx_enabled_targets", Map.of("target", "opens", "script", "counts.lua")));
        List<Exposition.Sample> programs = e.find("bpfx_program_info", Map.of("target", "opens"));
        Set<String> names = new HashSet<>();
        for (Exposition.Sample p : programs) {
            names.add(p.labels().get("program"));
            assertTrue(p.labels().get("tag").matches("[0-9a-f]{16}"), p.toString());
            assertEquals(OptionalDouble.of(1), e.value("bpfx_program_attached", Map.of("id", p.labels().get("id"))));
        }
        assertEquals(Set.of("count_open", "fn_entry", "fn_return"), names);
        assertEquals(OptionalDouble.of(0), e.value("bpfx_decoder_errors_total", Map.of("config", "opens")));
        assertEquals(1, e.find("bpfx_build_info", Map.of()).size());
    }

    @Test
    @Order(5)
    void openMetricsLandingPageAndDebugMaps() throws Exception {
        HttpResponse<String> om = exporter.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(om.body().contains("bpfx_opens_total{comm=\"openloop\",filename=\"" + file + "\",kind=\"KIND_OPEN\"} " + N + ".0"),
                om.body());
        assertTrue(om.body().endsWith("# EOF\n"));

        String landing = exporter.get("/").body();
        assertTrue(landing.contains("<td>opens</td>") && landing.contains("bpfx_opens_total"), landing);
        assertTrue(landing.contains("href=\"/maps\""), landing);

        JsonNode maps = new ObjectMapper().readTree(exporter.get("/maps").body());
        JsonNode target = maps.get(0);
        assertEquals("opens", target.get("target").asText());
        boolean found = false;
        for (JsonNode metric : target.get("metrics")) {
            if (!metric.get("metric").asText().equals("bpfx_opens_total")) {
                continue;
            }
            for (JsonNode row : metric.get("rows")) {
                if (file.equals(row.get("labels").path("filename").asText())) {
                    found = true;
                    assertEquals(N, row.get("values").get(0).asLong());
                    assertEquals("openloop", row.get("labels").get("comm").asText());
                    assertTrue(row.get("key").asText().startsWith(String.format("%02x", workloadPid & 0xff)), row.toString());
                }
            }
        }
        assertTrue(found, "the workload's key is in /maps");
    }

    @Test
    @Order(6)
    void aRealPrometheusScrapesTheExactCount() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start(exporter.port())) {
            String query = "bpfx_opens_total{filename=\"" + file + "\"}";
            assertEquals(N, prometheus.awaitValue(query, N, 60_000), query);
            String count = "bpfx_fn_latency_seconds_count{pid=\"" + uprobePid + "\"}";
            assertEquals(CALLS, prometheus.awaitValue(count, CALLS, 20_000), count);
        }
    }

    @Test
    @Order(7)
    void sigtermDetachesEverythingAndExitsZero() throws Exception {
        Exposition e = new Exposition(exporter.metrics());
        Set<Long> ours = new HashSet<>();
        for (Exposition.Sample p : e.find("bpfx_program_info", Map.of())) {
            ours.add(Long.parseLong(p.labels().get("id")));
        }
        assertEquals(3, ours.size());
        assertTrue(BpfState.now().programs().containsAll(ours));
        assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        assertNull(BpfPrograms.stillLoaded(ours), "programs and links of the exporter are gone");
    }
}
