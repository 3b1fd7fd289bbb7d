package io.bpfx.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A load check (not a test): many scrapers hammer a running exporter for a
 * while, the way Prometheus asks (OpenMetrics preferred, gzip), and every few
 * seconds a row says how many scrapes got through, how long they took, how
 * many failed, and the exporter's resident memory.
 *
 * <pre>
 * ./bpfx export bench/scripts/bigmap.lua --listen 127.0.0.1:9500 &amp;
 * java -cp bench/target/bpfx-bench.jar io.bpfx.bench.ScrapeLoad http://127.0.0.1:9500/metrics 32 120 $!
 * </pre>
 * Arguments: URL, scrapers (32), seconds (60), exporter pid (for its RSS; optional).
 */
public final class ScrapeLoad {
    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    public static void main(String[] args) throws Exception {
        URL url = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:9435/metrics").toURL();
        int scrapers = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        long pid = args.length > 3 ? Long.parseLong(args[3]) : -1;

        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < scrapers; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        long n = scrape(url);
                        bytes.addAndGet(n);
                        ok.incrementAndGet();
                        latencies.add(System.nanoTime() - t0);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        if (errors.size() < 10) {
                            errors.add(e.toString());
                        }
                    }
                }
            }, "scraper-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }

        List<String[]> rows = new ArrayList<>();
        long start = System.nanoTime();
        long lastOk = 0;
        long lastFailed = 0;
        int step = Math.max(1, Math.min(10, seconds / 12));
        while (System.nanoTime() < end) {
            Thread.sleep(step * 1000L);
            List<Long> window = new ArrayList<>();
            for (Long l; (l = latencies.poll()) != null; ) {
                window.add(l);
            }
            long[] ms = window.stream().mapToLong(l -> l / 1_000_000).sorted().toArray();
            long nowOk = ok.get();
            long nowFailed = failed.get();
            rows.add(new String[] {
                String.valueOf((System.nanoTime() - start) / 1_000_000_000L),
                String.format("%.1f", (nowOk - lastOk) / (double) step),
                pct(ms, 50), pct(ms, 99), pct(ms, 100),
                String.valueOf(nowFailed - lastFailed),
                pid > 0 ? rssMb(pid) : "-"});
            lastOk = nowOk;
            lastFailed = nowFailed;
            System.out.println(String.join("  ", rows.get(rows.size() - 1)));
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        BenchSupport.table(scrapers + " concurrent scrapers for " + seconds + " s against " + url
                        + " (OpenMetrics, gzip); " + ok.get() + " scrapes, " + failed.get() + " failed, "
                        + String.format("%.1f", bytes.get() / 1e6) + " MB received",
                new String[] {"t (s)", "scrapes/s", "p50 ms", "p99 ms", "max ms", "failed", "exporter RSS MB"}, rows);
        errors.forEach(e -> System.out.println("error: " + e));
    }

    static String pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return String.valueOf(sorted[Math.max(0, i)]);
    }

    /** One scrape as Prometheus makes it; returns the uncompressed length. */
    static long scrape(URL url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(60_000);
        c.setRequestProperty("Accept", ACCEPT);
        c.setRequestProperty("Accept-Encoding", "gzip");
        int code = c.getResponseCode();
        if (code != 200) {
            throw new IOException("HTTP " + code);
        }
        long n = 0;
        byte[] buf = new byte[1 << 16];
        boolean gzip = "gzip".equals(c.getHeaderField("Content-Encoding"));
        byte[] tail = new byte[0];
        try (InputStream in = gzip ? new GZIPInputStream(c.getInputStream(), 1 << 16) : c.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
                byte[] joined = Arrays.copyOf(tail, tail.length + r);
                System.arraycopy(buf, 0, joined, tail.length, r);
                tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - 6), joined.length);
            }
        }
        if (c.getContentType() != null && c.getContentType().startsWith("application/openmetrics-text")
                && !new String(tail, StandardCharsets.UTF_8).endsWith("# EOF\n")) {
            throw new IOException("OpenMetrics body does not end with # EOF");
        }
        return n;
    }

    static String rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
        return "?";
    }
}
