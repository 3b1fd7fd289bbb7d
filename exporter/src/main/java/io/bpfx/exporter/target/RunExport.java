package io.bpfx.exporter.target;

import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.TargetPlan;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code bpfx run --export ADDR}: the script runs as usual (a Lua error still ends
 * it) and its {@code add_metric}s are served on ADDR while it runs.
 */
public final class RunExport implements AutoCloseable {
    private final ExportBridge bridge;
    private final MetricsServer server;

    private RunExport(ExportBridge bridge, MetricsServer server) {
        this.bridge = bridge;
        this.server = server;
    }

    /**
     * Checks the script's metrics, starts serving, and listens to the session's targets;
     * nothing is attached yet.
     *
     * @param script the script as the user named it
     * @param plans  its targets, for the check before anything loads
     */
    public static RunExport start(String listen, String script, List<TargetPlan> plans, Session session,
                                  String version, PrintStream err) {
        ExportRegistry registry = new ExportRegistry(ExportRegistry.Mode.SCRIPTS, version);
        ExportBridge bridge = new ExportBridge(registry, script, false, 0, err);
        bridge.check(plans, session.compiler());
        MetricsServer server = MetricsServer.start(registry, listen, "/metrics", false, "bpfx: " + script, err);
        session.addListener(bridge);
        return new RunExport(bridge, server);
    }

    public int port() {
        return server.port();
    }

    /** Before the session closes: scrapes stop reading the targets, the port is released. */
    @Override
    public void close() {
        bridge.forgetAll();
        server.close();
    }
}
