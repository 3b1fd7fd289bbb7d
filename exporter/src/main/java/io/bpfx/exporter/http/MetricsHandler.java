package io.bpfx.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bpfx.exporter.SingleFlight;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
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
    /** One rendering per content type at a time, shared by the requests that arrive during it. */
    private final SingleFlight<String, Rendered> renderings = new SingleFlight<>();
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
            if (!Responses.readOnly(ex)) {
                return;
            }
            String contentType = TextFormat.chooseContentType(ex.getRequestHeaders().getFirst("Accept"));
            Set<String> names = names(ex.getRequestURI().getRawQuery());
            Rendered r = names.isEmpty() ? renderings.run(contentType, () -> render(contentType, Set.of()))
                    : render(contentType, names);
            boolean gzip = acceptsGzip(ex);
            if (gzip) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            Responses.send(ex, 200, contentType, gzip ? r.gzip() : r.text);
        } catch (RuntimeException e) {
            Responses.text(ex, 500, "error collecting metrics: " + e + "\n");
        } finally {
            ex.close();
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
}
