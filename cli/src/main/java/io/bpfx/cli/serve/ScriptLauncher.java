package io.bpfx.cli.serve;

import io.bpfx.dsl.BackgroundRun;
import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ErrorLines;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptValidator;
import io.bpfx.engine.BpfxException;
import io.bpfx.cli.ToolScripts;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.Prebuilt;
import io.bpfx.engine.session.Session;
import io.bpfx.exporter.serve.RunLauncher;
import io.bpfx.exporter.target.ExportBridge;
import io.bpfx.exporter.target.ExportRegistry;
import io.bpfx.stdlib.ToolInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code bpfx serve}'s runs over the DSL: a ready tool or an uploaded script, each in its own
 * Lua runtime, engine session and thread ({@link BackgroundRun}), as {@code bpfx run --json}
 * would run it; its {@code add_metric}s are exported while it runs.
 */
public final class ScriptLauncher implements RunLauncher {
    private final BiFunction<PrintStream, Prebuilt, Session> sessions;
    private final ExportRegistry registry;
    private final BpfCompiler compiler;
    private final AtomicLong threads = new AtomicLong();

    public ScriptLauncher(BiFunction<PrintStream, Prebuilt, Session> sessions, ExportRegistry registry, BpfCompiler compiler) {
        this.sessions = sessions;
        this.registry = registry;
        this.compiler = compiler;
    }

    private List<Tool> tools;

    @Override
    public synchronized List<Tool> tools() {
        // reading a tool's description runs its description scope: once per server
        if (tools == null) {
            // the ready tools and the installed packages (a package wins over the tool it shadows)
            tools = ToolScripts.names().stream()
                    .map(n -> ToolInfo.of(n, ToolScripts.resolve(Path.of(n)).orElseThrow().script()))
                    .map(i -> new Tool(i.name(), i.description(), i.options())).toList();
        }
        return tools;
    }

    @Override
    public Live start(Request request, Output output) {
        try {
            return launch(request, output);
        } catch (RuntimeException e) {
            throw new Refused(ErrorLines.of(e));
        }
    }

    private Live launch(Request request, Output output) {
        RunArgs args = RunArgs.parse(request.args());
        BackgroundRun.Sink sink = new BackgroundRun.Sink() {
            @Override
            public void json(String line) {
                output.json(line);
            }

            @Override
            public void text(String line) {
                output.text(line);
            }

            @Override
            public void log(String line) {
                output.log(line);
            }

            @Override
            public void ended(String error) {
                output.ended(error);
            }
        };
        RunOptions opts = BackgroundRun.options(RunOptions.defaults()
                .withDuration(Math.round(args.durationSeconds() * 1000)).withConfig(args.config())
                .withArgs(args.entryArgs()), sink);
        DslRuntime runtime;
        Prebuilt objects = Prebuilt.none();
        if (request.tool() != null) {
            // only a listed name: a word that is also a file in the server's folder is not a tool
            List<String> names = ToolScripts.names();
            if (!names.contains(request.tool())) {
                throw new BpfxException.NotFound("no ready tool " + request.tool() + " (ready tools: "
                        + String.join(", ", names) + ")");
            }
            ToolScripts.Resolved tool = ToolScripts.resolve(Path.of(request.tool())).orElseThrow();
            objects = tool.objects();
            runtime = ScriptLoader.load(tool.script(), opts);
        } else {
            // named as the user named it, so errors read "x.lua:3: ..." as under bpfx run x.lua
            Path script = request.script();
            byte[] source;
            try {
                source = Files.readAllBytes(script);
            } catch (IOException e) {
                throw new BpfxException("cannot read the uploaded script: " + e.getMessage(), e);
            }
            runtime = ScriptLoader.load(script.getFileName().toString(), script.getParent(), source, opts);
        }
        ScriptValidator.validate(runtime.model());
        PrintStream err = BackgroundRun.errStream(sink);
        ExportBridge bridge = null;
        if (runtime.model().targets().stream().anyMatch(t -> !t.metrics().isEmpty())) {
            bridge = new ExportBridge(registry, request.name(), false, 0, err);
            bridge.check(EngineHost.plans(runtime.model()), compiler);
        }
        Session session = sessions.apply(err, objects);
        EngineHost host = new EngineHost(session, new EngineHost.Options(args.pid(), args.verbose()), err);
        ExportBridge exported = bridge;
        if (exported != null) session.addListener(exported);
        BackgroundRun run = BackgroundRun.start(runtime, session, host, opts,
                runtime.entryArgs().toArray(String[]::new), sink, () -> {
                    if (exported != null) exported.forgetAll();
                }, "bpfx-run-" + threads.incrementAndGet());
        return new Live() {
            @Override
            public List<String> targets() {
                return run.targets();
            }

            @Override
            public long events() {
                return run.events();
            }

            @Override
            public long lost() {
                return run.lost();
            }

            @Override
            public String mapsJson() {
                return run.mapsJson(5000);
            }

            @Override
            public void stop() {
                run.stop();
            }
        };
    }
}
