package io.bpfx.cli.export;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The section handlers ebpf_exporter registers with libbpf, in unchanged v2 configs:
 * {@code SEC("xdp/lo")} counting the UDP packets this test sends, and
 * {@code SEC("perf_event/type=1,config=0,frequency=1000")} sampling cpu-clock on every CPU.
 */
class V2HandlersKernelTest {
    static final int PACKETS = 250;

    /** {@code NAME.yaml} and {@code NAME.bpf.o}, built as ebpf_exporter's Makefile does. */
    static Path configDir(String... names) throws Exception {
        Path dir = Files.createTempDirectory("bpfx-v2-handlers");
        for (String name : names) {
            for (String f : List.of(name + ".yaml", name + ".bpf.c")) {
                Files.copy(Path.of(V2HandlersKernelTest.class.getResource("/export/" + f).toURI()), dir.resolve(f));
            }
            Process clang = new ProcessBuilder("clang", "-target", "bpf", "-O2", "-g", "-D__TARGET_ARCH_x86",
                    "-I" + NativeBuild.dir(), "-c", dir.resolve(name + ".bpf.c").toString(),
                    "-o", dir.resolve(name + ".bpf.o").toString()).redirectErrorStream(true).start();
            String out = new String(clang.getInputStream().readAllBytes());
            assertEquals(0, clang.waitFor(), "clang: " + out);
        }
        return dir;
    }

    @Test
    void xdpOnLoCountsThePacketsSent() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path dir = configDir("v2xdp");
        try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2xdp", "--listen", "127.0.0.1:0");
             DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket sender = new DatagramSocket()) {
            exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (v2xdp)"), 60_000);
            byte[] payload = "bpfx".getBytes();
            for (int i = 0; i < PACKETS; i++) {
                sender.send(new DatagramPacket(payload, payload.length, receiver.getLocalSocketAddress()));
            }
            Map<String, String> port = Map.of("port", Integer.toString(receiver.getLocalPort()));
            Exposition e = V1ConfigKernelTest.awaitValue(exporter, "ebpf_exporter_xdp_udp_packets_total", port, PACKETS);
            assertEquals(OptionalDouble.of(PACKETS), e.value("ebpf_exporter_xdp_udp_packets_total", port));
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before), "the XDP link is gone");
    }

    @Test
    void perfEventSectionSamplesASoftwareEventOnEveryCpu() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path dir = configDir("v2perf");
        int cpus = io.bpfx.engine.Cpus.online().size();
        try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2perf", "--listen", "127.0.0.1:0")) {
            exporter.awaitLine(l -> l.startsWith("Attaching " + cpus + " probe"), 60_000);
            double samples = 0;
            for (int i = 0; i < 50 && samples == 0; i++) {
                Thread.sleep(100);
                samples = new Exposition(exporter.metrics()).value("ebpf_exporter_cpu_clock_samples_total",
                        Map.of("slot", "0")).orElse(0);
            }
            assertTrue(samples > 0, "cpu-clock sampled at 1000 Hz: " + samples);
            assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
        }
        assertEquals(null, BpfState.leakedSinceSettled(before));
    }

    @Test
    void hardwareEventsWithoutAPmuAndMissingInterfacesAreOneLine() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        // the cpu-clock config with a hardware event instead
        Path src = Files.createTempDirectory("bpfx-v2-hw");
        Path perf = Path.of(V2HandlersKernelTest.class.getResource("/export/v2perf.bpf.c").toURI());
        Files.writeString(src.resolve("v2hw.bpf.c"), Files.readString(perf).replace("type=1,config=0,frequency=1000",
                "type=0,config=0,frequency=99"));
        Path dir = configDir("v2xdp");
        Files.copy(src.resolve("v2hw.bpf.c"), dir.resolve("v2hw.bpf.c"));
        Files.copy(Path.of(V2HandlersKernelTest.class.getResource("/export/v2perf.yaml").toURI()), dir.resolve("v2hw.yaml"));
        Process hw = new ProcessBuilder("clang", "-target", "bpf", "-O2", "-g", "-I" + NativeBuild.dir(), "-c",
                dir.resolve("v2hw.bpf.c").toString(), "-o", dir.resolve("v2hw.bpf.o").toString()).redirectErrorStream(true).start();
        hw.getInputStream().readAllBytes();
        assertEquals(0, hw.waitFor());
        try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2hw", "--listen", "127.0.0.1:0")) {
            assertEquals(1, exporter.awaitExit(60_000));
            List<String> err = exporter.stderr().stream().filter(l -> !l.startsWith("Serving")).toList();
            assertEquals(1, err.size(), String.join("\n", err));
            assertTrue(err.get(0).contains("perf_event:cycles") && err.get(0).contains("hardware events need a PMU"), err.get(0));
        }
        Path yaml = dir.resolve("v2xdp.bpf.c");
        Files.writeString(yaml, Files.readString(yaml).replace("SEC(\"xdp/lo\")", "SEC(\"xdp/bpfx-none0\")"));
        Process clang = new ProcessBuilder("clang", "-target", "bpf", "-O2", "-g", "-I" + NativeBuild.dir(), "-c",
                yaml.toString(), "-o", dir.resolve("v2xdp.bpf.o").toString()).redirectErrorStream(true).start();
        clang.getInputStream().readAllBytes();
        assertEquals(0, clang.waitFor());
        try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                "--config.names", "v2xdp", "--listen", "127.0.0.1:0")) {
            assertEquals(1, exporter.awaitExit(60_000));
            List<String> err = exporter.stderr().stream().filter(l -> !l.startsWith("Serving")).toList();
            assertEquals(List.of("bpfx: cannot attach count_udp (SEC \"xdp/bpfx-none0\"): no network interface 'bpfx-none0'"), err);
        }
        assertEquals(null, BpfState.leakedSinceSettled(before));
    }

    /** cgroup_id_map: the workload's own cgroup (on a cgroup2 mount made here) is in the map; its calls count as matched. */
    @Test
    void cgroupIdMapHoldsTheMatchingCgroups() throws Exception {
        Kernel.require();
        BpfState before = BpfState.now();
        Path dir = configDir("v2cgroup");
        Path mount = Files.createTempDirectory("bpfx-cg2");
        assertEquals(0, new ProcessBuilder("mount", "-t", "cgroup2", "none", mount.toString()).inheritIO().start().waitFor());
        Path cg = mount.resolve("bpfx-cgroup-id-map-test");
        try {
            Files.createDirectory(cg);
            long id = ((Number) Files.getAttribute(cg, "unix:ino")).longValue();
            try (ExporterProcess exporter = ExporterProcess.start(dir, "export", "--config.dir", dir.toString(),
                    "--config.names", "v2cgroup", "--listen", "127.0.0.1:0")) {
                exporter.awaitLine(l -> l.startsWith("Attaching 1 probe (v2cgroup)"), 60_000);
                Thread.sleep(1500); // the cgroup existed before the start: it is in the map from the first walk
                try (io.bpfx.engine.testing.Workload w = io.bpfx.engine.testing.Workload.start("syscall_loop", "123")) {
                    Files.writeString(cg.resolve("cgroup.procs"), Integer.toString(w.pid()));
                    assertEquals(123, w.go().awaitDone());
                }
                Map<String, String> ours = Map.of("cgroup_id", Long.toString(id));
                Exposition e = V1ConfigKernelTest.awaitValue(exporter, "ebpf_exporter_cg_getppid_matched_total", ours, 123);
                assertEquals(OptionalDouble.of(123), e.value("ebpf_exporter_cg_getppid_matched_total", ours));
                assertEquals(OptionalDouble.empty(), e.value("ebpf_exporter_cg_getppid_unmatched_total", ours));
                assertEquals(0, exporter.terminate(15_000), String.join("\n", exporter.stderr()));
            }
        } finally {
            for (int i = 0; i < 50 && Files.exists(cg); i++) {
                try {
                    Files.deleteIfExists(cg); // rmdir once the workload has left it
                } catch (java.io.IOException busy) {
                    Thread.sleep(100);
                }
            }
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
        assertEquals(null, BpfState.leakedSinceSettled(before));
    }
}
