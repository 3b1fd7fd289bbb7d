package io.bpfx.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load check of {@code bpfx serve} (not a test; loopback only, every loop bounded): while
 * {@code starters} threads each start and stop {@code rounds} runs (a Lua script printing a
 * line every millisecond, no BPF), {@code subscribers} output streams per run read their
 * lines and {@code scrapers} threads scrape /metrics. Prints start/stop/scrape latencies
 * (p50/p99/max), lines delivered, and every failure.
 *
 * <pre>
 * ./bpfx serve --listen 127.0.0.1:9600 --token-file /tmp/tok --max-runs 16 &amp;
 * java -cp bench/target/bpfx-bench.jar io.bpfx.bench.ServeLoad http://127.0.0.1:9600 /tmp/tok 4 20 8 4
 * </pre>
 * Arguments: server URL, token file, starters (4), rounds per starter (20), subscribers per run (8), scrapers (4).
 */
public final class ServeLoad {
    static final String SCRIPT = "entry(function ()\n  for i = 1, 100000 do print{ i = i } sleep(1) end\nend)\n";
    static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:9600";
        String token = Files.readString(Path.of(args.length > 1 ? args[1] : "/tmp/tok")).strip();
        int starters = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int subscribers = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int scrapers = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        if (!URI.create(base).getHost().equals("127.0.0.1") && !URI.create(base).getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> startMs = Collections.synchronizedList(new ArrayList<>());
        List<Long> stopMs = Collections.synchronizedList(new ArrayList<>());
        List<Long> scrapeMs = Collections.synchronizedList(new ArrayList<>());
        AtomicLong lines = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        String body = "{\"name\":\"load.lua\",\"script\":" + jsonString(SCRIPT) + "}";

        List<Thread> scrape = new ArrayList<>();
        for (int s = 0; s < scrapers; s++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 100_000 && !done.get(); i++) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) fail(failures, errors, "scrape " + r.statusCode());
                    } catch (Exception e) {
                        fail(failures, errors, "scrape " + e);
                    }
                    scrapeMs.add((System.nanoTime() - t0) / 1000);
                }
            });
            t.start();
            scrape.add(t);
        }
        long t0All = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < starters; w++) {
            Thread t = new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 429) {
                            refused.incrementAndGet();
                            continue;
                        }
                        if (r.statusCode() != 201) {
                            fail(failures, errors, "start " + r.statusCode() + " " + r.body());
                            continue;
                        }
                        startMs.add((System.nanoTime() - t0) / 1000);
                        Matcher m = ID.matcher(r.body());
                        m.find();
                        String id = m.group(1);
                        List<Thread> readers = new ArrayList<>();
                        for (int s = 0; s < subscribers; s++) {
                            Thread reader = new Thread(() -> {
                                try {
                                    HttpResponse<InputStream> sr = http.send(HttpRequest.newBuilder(
                                                    URI.create(base + "/api/v1/runs/" + id + "/output"))
                                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
                                    try (BufferedReader in = new BufferedReader(new InputStreamReader(sr.body(), StandardCharsets.UTF_8))) {
                                        for (String l; (l = in.readLine()) != null; ) {
                                            if (l.startsWith("data: {\"i\"")) lines.incrementAndGet();
                                        }
                                    }
                                } catch (Exception e) {
                                    fail(failures, errors, "stream " + e);
                                }
                            });
                            reader.start();
                            readers.add(reader);
                        }
                        Thread.sleep(500);
                        long t1 = System.nanoTime();
                        HttpResponse<String> d = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + id))
                                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                        if (d.statusCode() != 200) fail(failures, errors, "stop " + d.statusCode() + " " + d.body());
                        stopMs.add((System.nanoTime() - t1) / 1000);
                        for (Thread reader : readers) reader.join(10_000); // streams end with the run
                    } catch (Exception e) {
                        fail(failures, errors, "round " + e);
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) t.join();
        double seconds = (System.nanoTime() - t0All) / 1e9;
        done.set(true);
        for (Thread t : scrape) t.join();

        System.out.printf("bpfx serve load: %d starters x %d rounds, %d subscribers per run, %d scrapers, %.1f s%n",
                starters, rounds, subscribers, scrapers, seconds);
        System.out.printf("%-22s %8s %10s %10s %10s%n", "what", "count", "p50 ms", "p99 ms", "max ms");
        row("start (POST→201)", startMs);
        row("stop (DELETE→200)", stopMs);
        row("scrape /metrics", scrapeMs);
        System.out.printf("SSE lines delivered: %d (%.0f/s), refused 429: %d, failures: %d%n", lines.get(), lines.get() / seconds,
                refused.get(), failures.get());
        errors.stream().limit(10).forEach(e -> System.out.println("  " + e));
    }

    static final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

    static void fail(AtomicLong failures, List<String> errors, String what) {
        failures.incrementAndGet();
        errors.add(what);
    }

    static void row(String what, List<Long> micros) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        if (s.isEmpty()) {
            System.out.printf("%-22s %8d%n", what, 0);
            return;
        }
        System.out.printf("%-22s %8d %10.1f %10.1f %10.1f%n", what, s.size(), s.get(s.size() / 2) / 1000.0,
                s.get(Math.min(s.size() - 1, (int) (s.size() * 0.99))) / 1000.0, s.get(s.size() - 1) / 1000.0);
    }

    static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
