package io.bpfx.cli.export;

import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.ScriptValidator;
import io.bpfx.engine.build.BpfCompiler;

import java.io.PrintStream;

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

    /** Checks the script's metrics, starts serving, and hooks the host; nothing is attached yet. */
    public static RunExport start(String listen, ScriptModel model, EngineHost host, BpfCompiler compiler,
                                  String version, PrintStream err) {
        ScriptValidator.validate(model);
        ExportRegistry registry = new ExportRegistry(ExportRegistry.Mode.SCRIPTS, version);
        ExportBridge bridge = new ExportBridge(registry, model.scriptName(), false, 0, err);
        bridge.check(model, compiler);
        MetricsServer server = MetricsServer.start(registry, listen, "/metrics", false, "bpfx: " + model.scriptName(), err);
        host.addListener(bridge);
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
