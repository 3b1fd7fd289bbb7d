package io.bpfx.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bpfx.exporter.SingleFlight;
import io.bpfx.exporter.metric.Exposition;
import io.bpfx.exporter.metric.SeriesFamily;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

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
    private final class Rendered {
        final byte[] text;
        final int length;
        private byte[] gzip;

        Rendered(byte[] text, int length) {
            this.text = text;
            this.length = length;
        }

        synchronized byte[] gzip() {
            if (gzip == null) {
                gzip = deflater.compress(text, length);
            }
            return gzip;
        }
    }

    /** Level 1 (Prometheus asks for gzip on every scrape: speed over size), kept between renderings. */
    private final Gzip deflater = new Gzip();

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
            if (gzip) {
                byte[] z = r.gzip();
                Responses.send(ex, 200, contentType, z, z.length);
            } else {
                Responses.send(ex, 200, contentType, r.text, r.length);
            }
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
        boolean openMetrics = contentType.equals(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        TextFormat.writeFormat(contentType, out, new SeriesFamiliesWritten(mfs, out, openMetrics));
        out.close();
        lastSize = out.length();
        return new Rendered(out.array(), out.length());
    }

    /**
     * The registry's families as {@code TextFormat} asks for them, one at a time,
     * except that each {@link SeriesFamily} met on the way is written straight into
     * the buffer (its HELP and TYPE lines, then its series from their cached label
     * blocks) and not handed on: the page keeps the registry's family order and the
     * client's bytes, without a {@code Sample} formatted per series.
     */
    private static final class SeriesFamiliesWritten implements Enumeration<MetricFamilySamples> {
        private final Enumeration<MetricFamilySamples> all;
        private final Utf8Buffer out;
        private final boolean openMetrics;
        private MetricFamilySamples next;

        SeriesFamiliesWritten(Enumeration<MetricFamilySamples> all, Utf8Buffer out, boolean openMetrics) {
            this.all = all;
            this.out = out;
            this.openMetrics = openMetrics;
        }

        @Override
        public boolean hasMoreElements() {
            while (next == null && all.hasMoreElements()) {
                MetricFamilySamples f = all.nextElement();
                if (f instanceof SeriesFamily s) {
                    out.bytes(Exposition.header(s.name, s.type, s.help, openMetrics));
                    out.lines(s, openMetrics);
                } else {
                    next = f;
                }
            }
            return next != null;
        }

        @Override
        public MetricFamilySamples nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException();
            }
            MetricFamilySamples f = next;
            next = null;
            return f;
        }
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
