package io.bpfx.exporter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.exporter.HTTPServer;
import io.bpfx.engine.BpfxException;
import io.prometheus.client.CollectorRegistry;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The exporter's HTTP endpoint on the JDK's {@link HttpServer}, bound here so
 * that bind errors are reported clearly: the metrics (Prometheus text 0.0.4 or
 * OpenMetrics by {@code Accept}, gzip, {@code name[]} filters; see
 * {@link MetricsHandler}) at a configurable path, a landing page at {@code /},
 * {@code /-/healthy}, and in debug mode the raw maps as JSON at {@code /maps}.
 * The Prometheus client's {@link HTTPServer} runs the server (threads, start, stop,
 * {@code /-/healthy}); bpfx adds its contexts on it.
 */
public final class ExporterServer implements Closeable {

    /** Requests served at once (the Prometheus client's pool size). */
    static final int REQUEST_THREADS = 5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer http;
    private final HTTPServer prometheus;
    private final ListenAddress listen;
    private final String metricsPath;

    private ExporterServer(HttpServer http, HTTPServer prometheus, ListenAddress listen, String metricsPath) {
        this.http = http;
        this.prometheus = prometheus;
        this.listen = listen;
        this.metricsPath = metricsPath;
    }

    public static Builder builder(CollectorRegistry registry) {
        return new Builder(registry);
    }

    /** The bound port (the chosen one when listening on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    public ListenAddress listenAddress() {
        return listen;
    }

    public String metricsPath() {
        return metricsPath;
    }

    /** Stops serving and releases the port and threads. */
    @Override
    public void close() {
        prometheus.close(); // stops the HttpServer and its request threads
    }

    /** Server settings; {@link #start()} binds and serves. */
    public static final class Builder {
        private final CollectorRegistry registry;
        private ListenAddress listen = ListenAddress.parse(ListenAddress.DEFAULT);
        private String metricsPath = "/metrics";
        private Supplier<LandingPage> landingPage = () -> new LandingPage("bpfx exporter", List.of());
        private Supplier<?> maps;
        private Supplier<String> tables;
        private final java.util.Map<String, HttpHandler> extra = new java.util.LinkedHashMap<>();

        private Builder(CollectorRegistry registry) {
            this.registry = registry;
        }

        /** {@code ADDR:PORT}; {@code :9435} listens on every interface. */
        public Builder listen(String address) {
            this.listen = ListenAddress.parse(address);
            return this;
        }

        public Builder listen(ListenAddress address) {
            this.listen = address;
            return this;
        }

        public Builder metricsPath(String path) {
            if (path == null || !path.startsWith("/") || path.equals("/")) {
                throw new BpfxException.BadInput("invalid metrics path \"" + path + "\": must start with / and not be /");
            }
            if (path.equals("/maps") || path.equals("/-/healthy")) {
                throw new BpfxException.BadInput("invalid metrics path \"" + path + "\": taken by another page");
            }
            this.metricsPath = path;
            return this;
        }

        /** What {@code /} lists, asked for on every request. */
        public Builder landingPage(Supplier<LandingPage> page) {
            this.landingPage = page;
            return this;
        }

        /**
         * Serves {@code handler} at {@code path} beside the metrics ({@code bpfx serve}'s API and
         * page); {@code "/"} replaces the landing page.
         */
        public Builder handle(String path, HttpHandler handler) {
            extra.put(path, handler);
            return this;
        }

        /**
         * Turns on {@code /maps} (debug mode): the supplier's result, usually
         * {@code MapMetricsCollector::dump}, serialised as JSON.
         */
        /** Turns on ebpf_exporter v1's {@code /tables} (debug mode): text. */
        public Builder debugTables(Supplier<String> text) {
            this.tables = text;
            return this;
        }

        public Builder debugMaps(Supplier<?> dump) {
            this.maps = dump;
            return this;
        }

        /**
         * @throws BpfxException the address cannot be bound, e.g.
         *                       {@code cannot listen on 127.0.0.1:9435: address already in use}
         */
        public ExporterServer start() {
            HttpServer http;
            try {
                http = HttpServer.create(listen.socketAddress(), 0);
            } catch (BindException e) {
                String reason = reason(e);
                String message = "cannot listen on " + listen + ": " + reason;
                throw reason.equals("permission denied") ? new BpfxException.PermissionDenied(message)
                        : new BpfxException(message, e);
            } catch (IOException e) {
                throw new BpfxException("cannot listen on " + listen + ": " + reason(e), e);
            }

            // The Prometheus client's HTTPServer is built over our bound HttpServer, as its authors
            // intend: it owns the request pool (see ConcurrentHttpServer), start and stop, and serves
            // "/-/healthy". Its constructor also registers its HTTPMetricHandler on "/" and
            // "/metrics"; bpfx puts its own handlers there (createContext refuses a taken path,
            // and HTTPServer offers no way to skip them), because that handler renders the registry
            // anew for every request (bpfx's MetricsHandler shares one rendering, and its gzip,
            // among concurrent scrapes), answers any method (bpfx: 405 but GET/HEAD), only serves
            // the fixed "/metrics" (bpfx: --web.telemetry-path) and puts metrics, not a landing
            // page, on "/" (ebpf_exporter has a page there).
            HTTPServer prometheus;
            try {
                prometheus = new ConcurrentHttpServer(http, registry);
            } catch (IOException e) {
                http.stop(0);
                throw new BpfxException("cannot serve on " + listen + ": " + reason(e), e);
            }
            http.removeContext("/");
            http.createContext("/", new LandingHandler(landingPage, metricsPath, maps != null));
            http.removeContext("/metrics"); // metrics live only on the path asked for
            http.createContext(metricsPath, new MetricsHandler(registry));
            if (maps != null) {
                http.createContext("/maps", new MapsHandler(maps));
            }
            if (tables != null) {
                http.createContext("/tables", new TablesHandler(tables));
            }
            for (java.util.Map.Entry<String, HttpHandler> e : extra.entrySet()) {
                if (e.getKey().equals("/")) http.removeContext("/");
                http.createContext(e.getKey(), e.getValue());
            }
            return new ExporterServer(http, prometheus, listen, metricsPath);
        }

        /** A bind error as a lowercase phrase: {@code address already in use}. */
        private static String reason(IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int paren = m.indexOf(" (");
            if (paren > 0) {
                m = m.substring(0, paren); // "Address already in use (Bind failed)"
            }
            m = m.toLowerCase(Locale.ROOT);
            return m.equals("cannot assign requested address") ? "address not available on this host" : m;
        }
    }

    /**
     * The client's {@link HTTPServer} serving up to {@link #REQUEST_THREADS} requests at a time.
     * Its own pool is a fixed pool of 5 whose core size it sets to 1, and with an unbounded
     * queue such a pool never grows past its core: concurrent scrapes were served one after
     * another and could never share a rendering. Here the pool gets its 5 threads back, each
     * ending after a minute without requests, so an idle exporter keeps none.
     */
    private static final class ConcurrentHttpServer extends HTTPServer {
        ConcurrentHttpServer(HttpServer http, CollectorRegistry registry) throws IOException {
            super(http, registry, true);
            if (executorService instanceof ThreadPoolExecutor pool) {
                pool.setKeepAliveTime(60, TimeUnit.SECONDS);
                pool.setCorePoolSize(REQUEST_THREADS);
                pool.allowCoreThreadTimeOut(true);
            }
        }
    }

    /** {@code /}: the landing page; anything else under it is 404. */
    private record LandingHandler(Supplier<LandingPage> page, String metricsPath, boolean mapsLink)
            implements HttpHandler {
        @Override
        public void handle(HttpExchange ex) throws IOException {
            try {
                if (!Responses.readOnly(ex)) {
                    return;
                }
                if (!ex.getRequestURI().getPath().equals("/")) {
                    Responses.text(ex, 404, "not found\n");
                    return;
                }
                String html = page.get().html(metricsPath, mapsLink);
                Responses.send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                Responses.text(ex, 500, e + "\n");
            } finally {
                ex.close();
            }
        }
    }

    /** {@code /tables}: v1's debug text. */
    private record TablesHandler(Supplier<String> text) implements HttpHandler {
        @Override
        public void handle(HttpExchange ex) throws IOException {
            try {
                if (Responses.readOnly(ex)) {
                    Responses.text(ex, 200, text.get());
                }
            } catch (RuntimeException e) {
                Responses.text(ex, 500, e + "\n");
            } finally {
                ex.close();
            }
        }
    }

    /** {@code /maps}: every metric's raw map entries and decoded labels, as JSON. */
    private record MapsHandler(Supplier<?> dump) implements HttpHandler {
        @Override
        public void handle(HttpExchange ex) throws IOException {
            try {
                if (!Responses.readOnly(ex)) {
                    return;
                }
                Responses.send(ex, 200, "application/json", JSON.writeValueAsBytes(dump.get()));
            } catch (RuntimeException e) {
                Responses.text(ex, 500, e + "\n");
            } finally {
                ex.close();
            }
        }
    }
}
