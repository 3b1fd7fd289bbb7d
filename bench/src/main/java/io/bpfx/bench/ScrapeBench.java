package io.bpfx.bench;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.exporter.MapMetricsCollector;
import io.bpfx.exporter.SnapshotReader;
import io.bpfx.exporter.config.BtfFields;
import io.bpfx.exporter.config.MetricSpecReader;
import io.bpfx.exporter.http.ExporterServer;
import io.bpfx.exporter.spec.MetricSpec;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.Writer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a Prometheus scrape of a big map costs: a hash map of 100k entries
 * (maps_test.bpf.c's {@code plain}, u32 → u64, and {@code big}, a 24-byte struct
 * key with a string → a struct value) exported as one counter with BTF-placed
 * labels. Times, median of 15 after 5 warm-up runs:
 * <ul>
 * <li>read: the whole map with BPF_MAP_LOOKUP_BATCH into buffers kept between scrapes ({@code SnapshotReader});
 * the "iterator" rows read through the map iterator into kept buffers instead</li>
 * <li>collect cold: read + decode every key + build the family, decode cache empty</li>
 * <li>collect: the same with the decoded labels cached (every scrape after the first)</li>
 * <li>text: collect + writing Prometheus text 0.0.4</li>
 * <li>HTTP GET: a full scrape through the exporter's HTTP server (gzip off)</li>
 * <li>GET gzip: the same asking for gzip (the compressed body is read, not inflated)</li>
 * <li>GET as Prometheus: Prometheus 2.42's {@code Accept} (OpenMetrics first) and gzip</li>
 * <li>4 concurrent GETs: the slowest of 4 scrapes started together; "4 conc. as Prometheus": the same, each
 * asking as Prometheus does</li>
 * </ul>
 * The "text" column is the Java client's {@code TextFormat} over the collected families, for reference: the
 * metrics page writes map metrics from cached label blocks instead.
 * Run as root, with the garbage collector the {@code bpfx} launcher gives the exporter:
 * {@code java -XX:+UseSerialGC -cp bench/target/bpfx-bench.jar io.bpfx.bench.ScrapeBench [entries] [batch]}
 * (G1, the JVM's default on a machine with 2 CPUs and 2 GB, made scrapes 2-10 times slower here)
 * ({@code batch}: leave out the iterator rows).
 */
public final class ScrapeBench {
    static final int RUNS = 15;
    static final int WARMUP = 5;
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean batchOnly = args.length > 1 && args[1].equals("batch");
        List<String[]> rows = new ArrayList<>();
        try (BpfObject obj = BpfObject.open(BenchSupport.bpfObject("maps_test"))) {
            obj.load();
            for (String mapName : new String[] {"plain", "big"}) {
                BpfMap m = obj.map(mapName);
                m.clear();
                MapReadBench.fill(m, n);
                MetricSpec spec = spec(m);
                rows.addAll(measure(m, spec, n, m.name(), () -> new SnapshotReader(name -> m)));
                if (!batchOnly) {
                    rows.addAll(measure(m, spec, n, m.name() + " (iterator)", () -> iteratorReader(m)));
                }
            }
        }
        BenchSupport.table("Scrape of a " + n + "-entry hash map (ms, median [min–max] of " + RUNS + " after " + WARMUP + " warm-up runs; "
                        + Runtime.getRuntime().availableProcessors() + " CPUs)",
                new String[] {"map", "series", "read", "collect cold", "collect", "text", "HTTP GET", "GET gzip",
                        "4 concurrent GETs", "body MB", "GET as Prometheus", "4 conc. as Prometheus", "gzip MB"},
                rows);
    }

    /** The counter a script would declare for the map: labels by BTF field. */
    static MetricSpec spec(BpfMap m) {
        Map<String, Object> table = m.name().equals("plain")
                ? Map.of("type", "counter", "name", "plain_total", "map", "plain", "labels", List.of("key"))
                : Map.of("type", "counter", "name", "big_total", "map", "big", "labels", List.of("id", "name"),
                "value", "count");
        MetricSpecReader.Options o = MetricSpecReader.Options.of("bench", "bpfx")
                .withFields(BtfFields.of(m.keyLayout(), "key"), BtfFields.of(m.valueLayout(), "value"));
        return MetricSpecReader.read(table, "", o);
    }

    interface Step {
        void run() throws Exception;
    }

    /** Median of the step, and its range in {@link #lastRange} (min–max of the same runs). */
    static String lastRange = "";

    static double median(Step step) throws Exception {
        System.gc();
        double[] ms = new double[RUNS];
        for (int i = -WARMUP; i < ms.length; i++) {
            long t0 = System.nanoTime();
            step.run();
            double took = (System.nanoTime() - t0) / 1e6;
            if (i >= 0) {
                ms[i] = took;
            }
        }
        double[] sorted = ms.clone();
        java.util.Arrays.sort(sorted);
        lastRange = String.format("%.0f–%.0f", sorted[0], sorted[sorted.length - 1]);
        return BenchSupport.median(ms);
    }

    /** The map iterator into kept buffers: what scrapes would cost read that way. */
    static Function<String, MapSnapshot> iteratorReader(BpfMap m) {
        BpfMap.ReadBuffers buffers = new BpfMap.ReadBuffers();
        return name -> m.snapshot(buffers);
    }

    static List<String[]> measure(BpfMap m, MetricSpec spec, int n, String row,
                                  Supplier<Function<String, MapSnapshot>> readers) throws Exception {
        Function<String, MapSnapshot> reader = readers.get();
        double read = median(() -> {
            MapSnapshot s = reader.apply(m.name());
            if (s.count() != n) {
                throw new IllegalStateException("read " + s.count());
            }
        });
        double cold = median(() -> collector(m, spec, readers.get()).collect());
        System.gc();
        MapMetricsCollector warm = collector(m, spec, readers.get());
        warm.collect();
        int[] series = new int[1];
        double collect = median(() -> {
            for (Collector.MetricFamilySamples f : warm.collect()) {
                if (f.name.startsWith("bpfx_plain") || f.name.startsWith("bpfx_big")) {
                    series[0] = f.samples.size();
                }
            }
        });
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(warm);
        double text = median(() -> TextFormat.write004(Writer.nullWriter(), registry.metricFamilySamples()));

        String get;
        String gzip;
        String concurrent;
        String prometheus;
        String concurrentPrometheus;
        long[] bytes = new long[2];
        try (ExporterServer server = ExporterServer.builder(registry).listen("127.0.0.1:0").start()) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            get = withRange(median(() -> bytes[0] = fetch(uri, false)));
            gzip = withRange(median(() -> fetch(uri, true)));
            prometheus = withRange(median(() -> bytes[1] = fetch(uri, true, PROMETHEUS_ACCEPT)));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                concurrent = withRange(median(() -> four(pool, () -> fetch(uri, false))));
                concurrentPrometheus = withRange(median(() -> four(pool, () -> fetch(uri, true, PROMETHEUS_ACCEPT))));
            } finally {
                pool.shutdownNow();
            }
        }
        return List.<String[]>of(new String[] {row, String.valueOf(series[0]), f(read), f(cold), f(collect), f(text), get, gzip,
                concurrent, String.format("%.1f", bytes[0] / 1e6), prometheus, concurrentPrometheus,
                String.format("%.2f", bytes[1] / 1e6)});
    }

    /** What Prometheus 2.42 sends: OpenMetrics first, then text 0.0.4. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** Four scrapes started together; returns when all are read (the wall time of the slowest). */
    static void four(ExecutorService pool, java.util.concurrent.Callable<Long> scrape) throws Exception {
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(pool.submit(scrape));
        }
        for (Future<Long> f : all) {
            f.get();
        }
    }

    /** GET, the body read and dropped; returns its length. */
    static long fetch(URI uri, boolean gzip) throws java.io.IOException {
        return fetch(uri, gzip, null);
    }

    static long fetch(URI uri, boolean gzip, String accept) throws java.io.IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
        if (accept != null) {
            c.setRequestProperty("Accept", accept);
        }
        if (gzip) {
            c.setRequestProperty("Accept-Encoding", "gzip");
        }
        c.setReadTimeout(60_000);
        if (c.getResponseCode() != 200) {
            throw new IllegalStateException("GET " + c.getResponseCode());
        }
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (java.io.InputStream in = c.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    /** As the exporter builds it: reads into buffers kept between scrapes. */
    static MapMetricsCollector collector(BpfMap m, MetricSpec spec, Function<String, MapSnapshot> reader) {
        return MapMetricsCollector.builder(reader).dumpSnapshots(name -> m.snapshot())
                .namespace("bpfx").metric(spec).build();
    }

    /** "median [min–max]" of the run just measured. */
    static String withRange(double median) {
        return f(median) + " [" + lastRange + "]";
    }

    static String f(double ms) {
        return String.format("%.1f", ms);
    }
}
