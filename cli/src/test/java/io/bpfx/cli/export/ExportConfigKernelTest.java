package io.bpfx.cli.export;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfProgram;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

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
 * An ebpf_exporter v2 config, unchanged: {@code v2opens.yaml} next to the
 * {@code v2opens.bpf.o} clang builds here, run with {@code --config.dir
 * --config.names}; the series carry ebpf_exporter's names and the workload's
 * exact counts.
 */
class ExportConfigKernelTest {
    static final long N = 321;

    /** Builds the config's object as ebpf_exporter's Makefile does: clang, -g, vmlinux.h. */
    static Path buildConfigDir() throws Exception {
        Path dir = Files.createTempDirectory("bpfx-v2-config");
        for (String f : List.of("v2opens.yaml", "v2opens.bpf.c")) {
            Files.copy(Path.of(ExportConfigKernelTest.class.getResource("/export/" + f).toURI()), dir.resolve(f));
        }
        Process clang = new ProcessBuilder("clang", "-target", "bpf", "-O2", "-g", "-D__TARGET_ARCH_x86",
                "-I" + NativeBuild.dir(), "-I" + NativeBuild.root().resolve("native/include"),
                "-c", dir.resolve("v2opens.bpf.c").toString(), "-o", dir.resolve("v2opens.bpf.o").toString())
                .redirectErrorStream(true).start();
        String out = new String(clang.getInputStream().readAllBytes());
        assertEquals(0, clang.waitFor(), "clang: " + out);
        return dir;
    }

    @Test
    void v2ConfigIsServedWithEbpfExportersNamesAndExactCounts() throws Exception {
        Kernel.require();
        Path dir = buildConfigDir();
        String file = "/tmp/bpfx-v2-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(Path.of(file), "x");
        try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2opens", "--web.listen-address", "127.0.0.1:0")) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (v2opens)"), 60_000);
            int pid;
            try (Workload w = Workload.start("openloop", file, Long.toString(N))) {
                pid = w.pid();
                assertEquals(N, w.go().awaitDone());
            }
            Map<String, String> byPid = Map.of("pid", Integer.toString(pid));
            Exposition e = null;
            for (int i = 0; i < 50; i++) {
                e = new Exposition(exporter.metrics());
                if (e.value("ebpf_exporter_v2_open_events_total", byPid).orElse(0) == N) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_v2_opens_total", byPid));
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_v2_open_events_total", byPid), "perf_event_array counter");
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_v2_name_length_count", byPid));
            double len = file.length();
            assertEquals(OptionalDouble.of(N * len), e.value("ebpf_exporter_v2_name_length_sum", byPid));
            assertEquals(65, e.find("ebpf_exporter_v2_name_length_bucket", byPid).size(), "buckets 0..63 and +Inf");
            assertEquals(OptionalDouble.of(0), e.value("ebpf_exporter_v2_name_length_bucket",
                    Map.of("pid", byPid.get("pid"), "le", Integer.toString((int) len - 1))));
            assertEquals(OptionalDouble.of(N), e.value("ebpf_exporter_v2_name_length_bucket",
                    Map.of("pid", byPid.get("pid"), "le", Integer.toString((int) len))));

            // ebpf_exporter's own series
            assertEquals(OptionalDouble.of(1), e.value("ebpf_exporter_enabled_configs", Map.of("name", "v2opens")));
            assertEquals(OptionalDouble.of(0), e.value("ebpf_exporter_decoder_errors_total", Map.of("config", "v2opens")));
            List<Exposition.Sample> info = e.find("ebpf_exporter_ebpf_program_info", Map.of("config", "v2opens"));
            assertEquals(1, info.size());
            assertEquals("v2_openat", info.get(0).labels().get("program"));
            String id = info.get(0).labels().get("id");
            assertEquals(OptionalDouble.of(1), e.value("ebpf_exporter_ebpf_program_attached", Map.of("id", id)));

            Set<Long> ours = new HashSet<>(Set.of(Long.parseLong(id)));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
            assertNull(BpfPrograms.stillLoaded(ours));
        } finally {
            Files.deleteIfExists(Path.of(file));
        }
    }

    static final Path STATS_SYSCTL = Path.of("/proc/sys/kernel/bpf_stats_enabled");

    @Test
    void bpfStatsAddRunTimeAndCountAndAreRestored() throws Exception {
        Kernel.require();
        String before = Files.readString(STATS_SYSCTL).trim();
        Path dir = buildConfigDir();
        String file = "/tmp/bpfx-v2-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(Path.of(file), "x");
        try (ExporterProcess exporter = startWithStats(dir)) {
            Exposition e = openAndScrape(exporter, file);
            String id = statsOn(e);
            assertTrue(e.value("ebpf_exporter_ebpf_program_run_time_seconds_total", Map.of("id", id)).orElseThrow() > 0);
            assertEquals(0, exporter.terminate(15_000));
        } finally {
            Files.deleteIfExists(Path.of(file));
        }
        assertEquals(before, Files.readString(STATS_SYSCTL).trim(), "kernel.bpf_stats_enabled untouched");
    }

    /**
     * SIGKILL runs no shutdown hook: the stats must end with the process's fds.
     * While it runs its program counts runs; after the kill the sysctl is as it
     * was and (when it was 0) a program loaded here counts nothing.
     */
    @Test
    void bpfStatsEndWhenTheExporterIsKilled() throws Exception {
        Kernel.require();
        String before = Files.readString(STATS_SYSCTL).trim();
        Path dir = buildConfigDir();
        String file = "/tmp/bpfx-v2-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(Path.of(file), "x");
        try {
            Set<Long> ours;
            try (ExporterProcess exporter = startWithStats(dir)) {
                String id = statsOn(openAndScrape(exporter, file));
                ours = Set.of(Long.parseLong(id));
                assertEquals(137, exporter.kill(15_000), "SIGKILL");
            }
            assertEquals(before, Files.readString(STATS_SYSCTL).trim(), "kernel.bpf_stats_enabled as before");
            assertNull(BpfPrograms.stillLoaded(ours));
            if (before.equals("0") && !statsHeldElsewhere()) {
                try (BpfObject o = BpfObject.open(dir.resolve("v2opens.bpf.o"))) {
                    o.load();
                    BpfProgram p = o.program("v2_openat");
                    p.attach(new AttachTarget.Auto());
                    try (Workload w = Workload.start("openloop", file, Long.toString(N))) {
                        w.go().awaitDone();
                    }
                    assertEquals(0, p.info().orElseThrow().runCount(), "the kernel stopped counting with the kill");
                }
            }
        } finally {
            Files.deleteIfExists(Path.of(file));
        }
    }

    /** Another process's stats fd (a concurrent exporter) would count our runs too. */
    private static boolean statsHeldElsewhere() throws java.io.IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(ExporterProcess::holdsBpfStats);
        }
    }

    private static ExporterProcess startWithStats(Path dir) throws InterruptedException, java.io.IOException {
        ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2opens", "--listen", "127.0.0.1:0", "--bpf-stats");
        exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (v2opens)"), 60_000);
        assertTrue(exporter.holdsBpfStats(), "stats are on through the exporter's BPF_ENABLE_STATS fd");
        return exporter;
    }

    private static Exposition openAndScrape(ExporterProcess exporter, String file) throws Exception {
        try (Workload w = Workload.start("openloop", file, Long.toString(N))) {
            w.go().awaitDone();
        }
        return new Exposition(exporter.metrics());
    }

    /** The program's id, after checking it counted every open: stats were really on. */
    private static String statsOn(Exposition e) {
        String id = e.find("ebpf_exporter_ebpf_program_info", Map.of("config", "v2opens")).get(0).labels().get("id");
        double runs = e.value("ebpf_exporter_ebpf_program_run_count_total", Map.of("id", id)).orElseThrow();
        assertTrue(runs >= N, "the program ran for each openat at least: run_cnt " + runs);
        return id;
    }
}
