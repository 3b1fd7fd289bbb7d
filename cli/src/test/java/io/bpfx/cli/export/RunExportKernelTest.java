package io.bpfx.cli.export;

import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code bpfx run SCRIPT --export ADDR}: a normal run that also serves its metrics while it lasts. */
class RunExportKernelTest {
    static final long N = 200;

    @Test
    void aRunServesItsMetricsUntilItEnds() throws Exception {
        Kernel.require();
        Path dir = Files.createTempDirectory("bpfx-run-export");
        for (String f : List.of("counts.lua", "counts.bpf.c")) {
            Files.copy(Path.of(getClass().getResource("/export/" + f).toURI()), dir.resolve(f));
        }
        Path file = Files.createTempFile("bpfx-run-export", ".txt");
        try (ExporterProcess run = ExporterProcess.start(dir, "run", "counts.lua", "--export", "127.0.0.1:0",
                "--duration", "12", "-c", "bin=" + NativeBuild.bin("uprobe_target"))) {
            run.awaitLine(l -> l.startsWith("Attaching 3 probes (opens)"), 60_000);
            try (Workload w = Workload.start("openloop", file.toString(), Long.toString(N))) {
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> labels = Map.of("comm", "openloop", "filename", file.toString(), "kind", "KIND_OPEN");
            OptionalDouble v = OptionalDouble.empty();
            for (int i = 0; i < 50 && v.orElse(0) != N; i++) {
                v = new Exposition(run.metrics()).value("bpfx_opens_total", labels);
                Thread.sleep(100);
            }
            assertEquals(OptionalDouble.of(N), v);
            assertEquals(0, run.awaitExit(30_000), String.join("\n", run.stderr()));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
