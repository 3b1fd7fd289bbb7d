package io.bpfx.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The metrics page: what the Prometheus client's handler does (Prometheus text
 * 0.0.4 or OpenMetrics by {@code Accept}, {@code name[]} filters, gzip by
 * {@code Accept-Encoding}, HEAD), but rendered through {@link Utf8Buffer}, and
 * single-flight: requests for the same format that arrive while one is being
 * rendered share that rendering (and its gzip), so many concurrent scrapers cost
 * about one scrape.
 */
final class MetricsHandler implements HttpHandler {
    private final CollectorRegistry registry;
    private final Object lock = new Object();
    private final Map<String, CompletableFuture<Rendered>> inflight = new HashMap<>();
    private volatile int lastSize = 1 << 16;

    /** One rendering of the registry: the text and, made on first demand, its gzip. */
    private static final class Rendered {
        final byte[] text;
        private byte[] gzip;

        Rendered(byte[] text) {
            this.text = text;
        }

        synchronized byte[] gzip() throws IOException {
            if (gzip == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, text.length / 8));
                try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
                    z.write(text);
                }
                gzip = out.toByteArray();
            }
            return gzip;
        }
    }

    MetricsHandler(CollectorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            String contentType = TextFormat.chooseContentType(ex.getRequestHeaders().getFirst("Accept"));
            Set<String> names = names(ex.getRequestURI().getRawQuery());
            Rendered r = names.isEmpty() ? shared(contentType) : render(contentType, names);
            boolean gzip = acceptsGzip(ex);
            if (gzip) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            send(ex, 200, contentType, gzip ? r.gzip() : r.text, method.equals("HEAD"));
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain; charset=utf-8", ("error collecting metrics: " + e + "\n")
                    .getBytes(StandardCharsets.UTF_8), false);
        } finally {
            ex.close();
        }
    }

    private Rendered shared(String contentType) throws IOException {
        CompletableFuture<Rendered> mine = null;
        CompletableFuture<Rendered> running;
        synchronized (lock) {
            running = inflight.get(contentType);
            if (running == null) {
                running = mine = new CompletableFuture<>();
                inflight.put(contentType, mine);
            }
        }
        if (mine == null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        try {
            Rendered r = render(contentType, Set.of());
            mine.complete(r);
            return r;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (lock) {
                inflight.remove(contentType);
            }
        }
    }

    private Rendered render(String contentType, Set<String> names) throws IOException {
        Enumeration<MetricFamilySamples> mfs = names.isEmpty() ? registry.metricFamilySamples()
                : registry.filteredMetricFamilySamples(names);
        Utf8Buffer out = new Utf8Buffer(lastSize + lastSize / 8);
        TextFormat.writeFormat(contentType, out, mfs);
        byte[] text = out.toByteArray();
        lastSize = text.length;
        return new Rendered(text);
    }

    /** {@code name[]=a&name[]=b}: only these metric families. */
    static Set<String> names(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals("name[]")) {
                names.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    static boolean acceptsGzip(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Accept-Encoding", java.util.List.of())) {
            for (String enc : header.split(",")) {
                String e = enc.trim().toLowerCase(Locale.ROOT);
                int semi = e.indexOf(';');
                if ((semi < 0 ? e : e.substring(0, semi).trim()).equals("gzip") && !e.replace(" ", "").endsWith(";q=0")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
