package io.bpfx.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An idle exporter: CPU (share of one core), resident memory and voluntary context switches
 * (wakeups) per second over a window, for `bpfx export examples/exporter.lua` (counts every
 * exec on the machine: near idle on a quiet one) and an ebpf_exporter v1 config whose probe
 * almost never fires (EADDRINUSE from bind). Each runs through the `bpfx` launcher with its
 * flags, is scraped once (as a Prometheus would before the window), then left alone.
 *
 *   flock /tmp/bpfx-kernel.lock java -cp bench/target/bpfx-bench.jar io.bpfx.bench.IdleBench [window-seconds]
 */
public final class IdleBench {
    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String root = BenchSupport.root().toString();
        List<String[]> rows = new ArrayList<>();
        rows.add(measure("bpfx export examples/exporter.lua", window,
                root + "/bpfx", "export", root + "/examples/exporter.lua"));
        rows.add(measure("bpfx export --config.file (v1, eaddrinuse)", window,
                root + "/bpfx", "export", "--config.file", root + "/cli/src/test/resources/export/v1/upstream-eaddrinuse.yaml"));
        BenchSupport.table("Idle exporter over " + window + " s (after start-up and one scrape)",
                new String[] {"command", "CPU % of a core", "RSS MB", "wakeups/s", "threads"}, rows);
    }

    static String[] measure(String name, int window, String... cmd) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> full = new ArrayList<>(List.of(cmd));
        full.addAll(List.of("--listen", "127.0.0.1:" + port));
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            long deadline = System.nanoTime() + 120_000_000_000L; // a v1 config compiles with BCC first
            while (true) {
                if (!p.isAlive()) throw new IllegalStateException(name + " exited with " + p.exitValue());
                try {
                    if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException(name + " never served /metrics");
                Thread.sleep(200);
            }
            Thread.sleep(5000); // let start-up's compilation and the scrape's garbage settle
            long pid = p.pid();
            double cpu0 = BenchSupport.cpuMillis(p.toHandle());
            long switches0 = switches(pid);
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            double cpu1 = BenchSupport.cpuMillis(p.toHandle());
            long switches1 = switches(pid);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new String[] {name, String.format("%.2f", (cpu1 - cpu0) / 10.0 / seconds),
                    String.format("%.0f", rssKb(pid) / 1024.0), String.format("%.1f", (switches1 - switches0) / seconds),
                    String.valueOf(threads(pid))};
        } finally {
            p.destroy(); // SIGTERM: the exporter detaches and exits
            p.waitFor();
        }
    }

    /** Voluntary context switches of every thread of the process: each is a wakeup from a sleep. */
    private static long switches(long pid) throws IOException {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) total += Long.parseLong(line.split("\\s+")[1]);
                    }
                } catch (IOException threadGone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return total;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.split("\\s+")[1]);
        }
        return 0;
    }

    private static long threads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.count();
        }
    }
}
