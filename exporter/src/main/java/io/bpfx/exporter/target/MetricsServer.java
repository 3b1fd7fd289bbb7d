package io.bpfx.exporter.target;

import io.bpfx.exporter.http.ExporterServer;
import io.prometheus.client.CollectorRegistry;

import java.io.PrintStream;

/** Serves an {@link ExportRegistry}: metrics, the landing page and (with --debug) /maps. */
public final class MetricsServer implements AutoCloseable {
    private final ExportRegistry registry;
    private final ExporterServer server;

    private MetricsServer(ExportRegistry registry, ExporterServer server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * Binds and serves; nothing is attached yet, so a busy port fails here with a
     * one-line {@link io.bpfx.engine.BpfxException} and there is nothing to undo.
     */
    public static MetricsServer start(ExportRegistry registry, String listen, String path, boolean debug, String title,
                                      PrintStream err) {
        CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(registry);
        ExporterServer.Builder b = ExporterServer.builder(prometheus).listen(listen).metricsPath(path)
                .landingPage(() -> registry.landingPage(title));
        if (debug) {
            b.debugMaps(registry::dump);
        }
        ExporterServer server = b.start();
        String host = server.listenAddress().wildcard() ? "0.0.0.0" : server.listenAddress().host();
        err.println("Serving metrics on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port()
                + server.metricsPath() + (debug ? " (and /maps)" : ""));
        return new MetricsServer(registry, server);
    }

    /** Checks --listen and --path as {@link #start} will read them, before anything else is done. */
    public static void checkOptions(String listen, String path) {
        io.bpfx.exporter.http.ListenAddress.parse(listen);
        ExporterServer.builder(new CollectorRegistry()).metricsPath(path);
    }

    public ExportRegistry registry() {
        return registry;
    }

    public int port() {
        return server.port();
    }

    /** Stops scrapes from touching targets, then stops serving. Call before the engine closes the targets. */
    @Override
    public void close() {
        registry.clear();
        server.close();
    }
}
