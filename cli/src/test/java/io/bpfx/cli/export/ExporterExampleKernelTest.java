package io.bpfx.cli.export;

import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/exporter.lua as a new user starts it: {@code bpfx export examples/exporter.lua}, then scrape. */
class ExporterExampleKernelTest {
    static final long N = 500;

    @Test
    void theExampleServesItsThreeMetrics() throws Exception {
        Kernel.require();
        Path file = Files.createTempFile("bpfx-example", ".txt");
        try (ExporterProcess exporter = ExporterProcess.start(NativeBuild.root(), "export", "examples/exporter.lua",
                "--listen", "127.0.0.1:0")) {
            exporter.awaitLine(l -> l.startsWith("Attaching 4 probes (exporter)"), 60_000);
            try (Workload w = Workload.start("openloop", file.toString(), Long.toString(N))) {
                assertEquals(N, w.go().awaitDone());
            }
            Exposition e = null;
            for (int i = 0; i < 50; i++) {
                e = new Exposition(exporter.metrics());
                if (e.value("bpfx_execs_total", Map.of("comm", "openloop")).orElse(0) >= 1) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(e.value("bpfx_opens_total", Map.of("comm", "openloop")).orElseThrow() >= N);
            assertTrue(e.value("bpfx_execs_total", Map.of("comm", "openloop")).orElseThrow() >= 1, "exec counted from events");
            assertTrue(e.value("bpfx_read_latency_seconds_count", Map.of()).orElseThrow() > 0);
            assertEquals(38, e.find("bpfx_read_latency_seconds_bucket", Map.of()).size(), "2^0 .. 2^36 ns and +Inf");
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
