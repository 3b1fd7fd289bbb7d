package io.bpfx.cli;

import io.bpfx.cli.serve.ScriptLauncher;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.exporter.http.ListenAddress;
import io.bpfx.exporter.serve.BearerToken;
import io.bpfx.exporter.serve.ControlApi;
import io.bpfx.exporter.serve.RunLauncher;
import io.bpfx.exporter.serve.RunRegistry;
import io.bpfx.exporter.serve.Uploads;
import io.bpfx.exporter.serve.WebPage;
import io.bpfx.exporter.target.ExportRegistry;
import io.bpfx.exporter.target.MetricsServer;
import io.bpfx.stdlib.ToolCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * bpfx serve [SCRIPT|TOOL...]: the exporter plus an authenticated control plane (JSON API,
 * live output as Server-Sent Events, a web page at /) that starts, watches and stops runs.
 * Runs until SIGTERM/SIGINT, which stops every run cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve metrics (as bpfx export) and a control plane: start ready tools or uploaded scripts "
                + "over HTTP, watch their output live in a browser at /, stop them. Runs until SIGTERM/SIGINT."},
        footer = {"", "API (Authorization: Bearer TOKEN): GET /api/v1/tools, GET|POST /api/v1/runs,",
                "GET|DELETE /api/v1/runs/ID, GET /api/v1/runs/ID/output (SSE), GET /api/v1/runs/ID/maps.",
                "/metrics needs no token, as Prometheus expects. See docs/serve.md."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCRIPT|TOOL", arity = "0..*", description = "runs to start now (a .lua script or a ready tool)")
    List<String> initial = new ArrayList<>();

    @Option(names = {"--listen", "--web.listen-address"}, paramLabel = "ADDR:PORT", defaultValue = ":9435",
            description = "where to serve (default ${DEFAULT-VALUE}: every interface)")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE", description = "the API token (the file must not be "
            + "readable by group or others); default: a new random token in a new 0600 file, whose path is printed")
    Path tokenFile;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "16", description = "most runs at once (default ${DEFAULT-VALUE})")
    int maxRuns;

    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        if (maxRuns < 1) {
            err.println("bpfx: --max-runs must be at least 1");
            return ExitCodes.USAGE;
        }
        ListenAddress address;
        try {
            address = ListenAddress.parse(listen);
        } catch (BpfxException e) {
            err.println("bpfx: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (String s : initial) {
            if (!Files.isRegularFile(Path.of(s)) && !ToolCatalog.names().contains(s)) {
                err.println("bpfx: script " + s + " not found (ready tools: " + String.join(", ", ToolCatalog.names()) + ")");
                return ExitCodes.USAGE;
            }
        }
        BearerToken token;
        Path uploads;
        try {
            token = tokenFile != null ? BearerToken.fromFile(tokenFile)
                    : BearerToken.generate(Path.of(System.getProperty("java.io.tmpdir")));
            uploads = Files.createTempDirectory("bpfx-serve-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (BpfxException e) {
            return Runs.report(e, err);
        } catch (IOException e) {
            err.println("bpfx: cannot make a private upload directory: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        try {
            return serve(address, token, uploads);
        } catch (RuntimeException e) {
            return Runs.report(e, err);
        } finally {
            token.forgetGenerated();
            Uploads.delete(uploads);
        }
    }

    private int serve(ListenAddress address, BearerToken token, Path uploads) {
        ExportRegistry metrics = new ExportRegistry(ExportRegistry.Mode.SCRIPTS, ExportCommand.version());
        ScriptLauncher launcher = new ScriptLauncher(Runs::newSession, metrics, new BpfCompiler(BpfCompiler.defaultCacheDir()));
        RunRegistry runs = new RunRegistry(launcher, maxRuns, Duration.ofMinutes(10), 1000, 4096);
        ControlApi api = new ControlApi(token, runs, uploads, 256);
        CountDownLatch stop = new CountDownLatch(1);
        Runs.onSignals(stop::countDown);
        try (MetricsServer server = MetricsServer.start(metrics, address.toString(), "/metrics", false, "bpfx serve", err,
                b -> b.handle("/", new WebPage()).handle("/api/", api))) {
            try {
                for (String s : initial) {
                    boolean tool = !Files.isRegularFile(Path.of(s));
                    var run = runs.reserve(s, null);
                    runs.start(run, new RunLauncher.Request(tool ? s : null, tool ? null : Path.of(s), List.of()));
                    err.println("Started run " + run.id() + " (" + s + ")");
                }
                String host = address.wildcard() ? "localhost" : address.host();
                err.println("Control plane on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                        + server.port() + "/ (token in " + token.file() + ")");
                stop.await();
                err.println("bpfx: stopping every run");
            } catch (RunLauncher.Refused e) {
                err.println(e.getMessage());
                return ExitCodes.ERROR;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runs.close();
            }
        }
        return ExitCodes.OK;
    }
}
