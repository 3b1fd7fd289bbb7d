package io.bpfx.cli.export;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bpfx export norun_test.bpf.c}: no script, no config. Every map becomes a metric by its
 * BTF: the comm-keyed count map a counter with a {@code comm} label, the bpfx_hist_key map an
 * exp2 histogram, the ring buffer a record counter; a real Prometheus scrapes the exact count.
 */
class ExportProgramKernelTest {
    static final long N = 321;

    @Test
    void everyMapIsAMetricByItsBtf() throws Exception {
        Kernel.require();
        Path file = Files.createTempFile("bpfx-export-norun", ".txt");
        Path program = NativeBuild.root().resolve("native/bpf/norun_test.bpf.c");
        try (Workload w = Workload.start("openloop", file.toString(), Long.toString(N));
             ExporterProcess exporter = ExporterProcess.start(NativeBuild.root(), "export", program.toString(),
                     "--listen", "127.0.0.1:0", "--pid", Integer.toString(w.pid()))) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (norun_test)"), 60_000);
            List<String> err = exporter.stderr();
            assertTrue(err.contains("bpfx: " + program + ": map bpfx_ringbuf_drops skipped: bpfx's own bookkeeping map"),
                    String.join("\n", err));
            assertTrue(err.contains("bpfx: " + program + ": map norun_te.rodata skipped: holds the program's globals"),
                    String.join("\n", err));
            assertTrue(err.contains("bpfx: --pid " + w.pid() + " sets targ_pid"), String.join("\n", err));
            assertEquals(N, w.go().awaitDone());

            Exposition e = null;
            for (int i = 0; i < 100; i++) {
                e = new Exposition(exporter.metrics());
                if (e.value("bpfx_opens_rb_events_total", Map.of()).orElse(0) >= N) break;
                Thread.sleep(100);
            }
            String text = exporter.metrics();
            assertTrue(text.contains("# TYPE bpfx_opens_total counter"), text);
            assertTrue(text.contains("# TYPE bpfx_path_len histogram"), text);
            assertEquals(N, e.value("bpfx_opens_total", Map.of("comm", "openloop")).orElseThrow());
            assertEquals(1, e.find("bpfx_opens_total", Map.of()).size(), "--pid: the workload's opens only");
            assertEquals(N, e.value("bpfx_path_len_count", Map.of()).orElseThrow());
            // every path is the same length: its exp2 bucket and all above hold N, the ones below 0
            double len = file.toString().length() + 1;
            assertEquals(N * len, e.value("bpfx_path_len_sum", Map.of()).orElseThrow());
            assertEquals(N, e.value("bpfx_opens_rb_events_total", Map.of()).orElseThrow());

            try (PrometheusServer prometheus = PrometheusServer.start(exporter.port())) {
                String query = "bpfx_opens_total{comm=\"openloop\"}";
                assertEquals(N, prometheus.awaitValue(query, N, 60_000), query);
            }

            Set<Long> ours = new HashSet<>();
            for (Exposition.Sample p : e.find("bpfx_program_info", Map.of())) {
                ours.add(Long.parseLong(p.labels().get("id")));
            }
            assertEquals(1, ours.size());
            assertTrue(BpfState.now().programs().containsAll(ours));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
            assertNull(BpfPrograms.stillLoaded(ours), "programs and links of the exporter are gone");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
