package io.bpfx.bench;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.exporter.MapMetricsCollector;
import io.bpfx.exporter.SnapshotReader;
import io.bpfx.exporter.http.ExporterServer;
import io.prometheus.client.CollectorRegistry;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * ScrapeBench's HTTP columns alone, for one map, in a few seconds: GET, GET as Prometheus
 * asks (OpenMetrics, gzip) and 4 of those at once, median [min-max] of 21 (4 at once: 11)
 * after 5 warm-up runs. Short enough to alternate two builds in one run on a busy machine:
 * <pre>
 * for r in 1 2 3; do for jar in /tmp/before.jar bench/target/bpfx-bench.jar; do
 *   java -XX:+UseSerialGC -cp $jar io.bpfx.bench.ScrapeGets plain; done; done
 * </pre>
 * Run as root under the kernel lock; the map is maps_test's {@code plain} or {@code big} with 100k entries.
 */
public final class ScrapeGets {
    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "plain";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
            obj.load();
            BpfMap m = obj.map(name);
            m.clear();
            MapReadBench.fill(m, n);
            MapMetricsCollector c = MapMetricsCollector.builder(new SnapshotReader(x -> m)).dumpSnapshots(x -> m.snapshot())
                    .namespace("bpfx").metric(ScrapeBench.spec(m)).build();
            CollectorRegistry registry = new CollectorRegistry();
            registry.register(c);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (ExporterServer server = ExporterServer.builder(registry).listen("127.0.0.1:0").start()) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
                String get = stats(21, () -> ScrapeBench.fetch(uri, false));
                String prometheus = stats(21, () -> ScrapeBench.fetch(uri, true, ScrapeBench.PROMETHEUS_ACCEPT));
                String four = stats(11, () -> {
                    List<Future<Long>> all = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        all.add(pool.submit(() -> ScrapeBench.fetch(uri, true, ScrapeBench.PROMETHEUS_ACCEPT)));
                    }
                    for (Future<Long> f : all) {
                        f.get();
                    }
                });
                System.out.printf("%-6s GET %s | as Prometheus %s | 4 at once as Prometheus %s | %s%n", name, get,
                        prometheus, four, BenchSupport.loadAverage());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static String stats(int runs, ScrapeBench.Step step) throws Exception {
        for (int i = 0; i < 5; i++) {
            step.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return String.format("%5.1f [%3.0f-%3.0f]", ms[runs / 2], ms[0], ms[runs - 1]);
    }
}
