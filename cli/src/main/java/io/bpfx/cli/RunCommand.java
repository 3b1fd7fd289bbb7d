package io.bpfx.cli;

import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptRunner;
import io.bpfx.dsl.ScriptValidator;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.ShutdownGuard;
import io.bpfx.exporter.target.RunExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** bpfx run SCRIPT [ARGS...]: runs a script until it ends, --duration, exit() or Ctrl-C. */
@Command(name = "run",
        description = "Run a bpfx Lua script; words after the script are its options (add_option) or go to its entry().")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "the .lua script, a BPF program (.bpf.c, .bpf.o, BCC .c: runs it with no script), or a ready tool by name (bpfx tools lists them)")
    Path script;

    @Option(names = {"-h", "--help"}, description = "show this help; with SCRIPT, the script's own options")
    boolean help;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "passed to entry(arg, ...)")
    List<String> args = new ArrayList<>();

    @Mixin
    ScriptOptions options = new ScriptOptions();

    @Option(names = "--json", description = "print events and map dumps as NDJSON")
    boolean json;

    @Option(names = "--export", paramLabel = "ADDR:PORT", description = "also serve the script's add_metric{} "
            + "metrics for Prometheus on ADDR:PORT (e.g. :9435) while it runs")
    String export;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec; // null when QuickRun parsed the command line

    /** picocli's view of run, for its usage message (made here when QuickRun parsed the words). */
    private picocli.CommandLine commandLine() {
        return spec != null ? spec.commandLine() : Main.commandLine("run").getSubcommands().get("run");
    }

    @Override
    public Integer call() {
        io.bpfx.engine.Timing.mark("cli parsed");
        io.bpfx.engine.libbpf.LibbpfLog.installInBackground(); // JNA binds libbpf while the script is found and read
        if (script == null || script.toString().startsWith("-")) {
            // unknown options before SCRIPT arrive here as the script (the run command lets
            // unknown options through as words, for the script's own add_option{} options)
            if (help && script == null) {
                commandLine().usage(System.out);
                return ExitCodes.OK;
            }
            System.err.println("bpfx: " + (script == null ? "missing SCRIPT" : "unknown option " + script));
            System.err.println("Try 'bpfx run --help'.");
            return ExitCodes.USAGE;
        }
        if (options.durationSeconds < 0) {
            System.err.println("bpfx: --duration must not be negative");
            return ExitCodes.USAGE;
        }
        Optional<ToolScripts.Resolved> resolved;
        try {
            resolved = ToolScripts.resolve(script); // a file, an installed package (checked) or a ready tool
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
        if (resolved.isEmpty()) {
            System.err.println(ToolScripts.notFound(script));
            return ExitCodes.USAGE;
        }
        script = resolved.get().script();
        RunOptions opts = options.runOptions().withJson(json).withArgs(help ? List.of() : args);
        if (help) return ScriptHelp.print(script, opts, commandLine());
        // the engine's native bindings load on another core while Lua reads the script
        CompletableFuture<Session> pending = CompletableFuture.supplyAsync(() -> Runs.newSession(System.err, resolved.get().objects()));
        DslRuntime runtime;
        try {
            runtime = io.bpfx.dsl.ProgramScript.isProgram(script)
                    ? io.bpfx.dsl.ProgramScript.load(script, new io.bpfx.dsl.ProgramScript.Settings(options.config, options.pid()),
                            opts, new BpfCompiler(BpfCompiler.defaultCacheDir()))
                    : ScriptLoader.load(script, opts);
        } catch (RuntimeException e) {
            pending.thenAccept(Session::close);
            return Runs.report(e, System.err);
        }
        String[] entryArgs = runtime.entryArgs().toArray(String[]::new);
        if (!pending.isDone()) new BpfCompiler(BpfCompiler.defaultCacheDir()).warmUp(); // while libbpf binds
        Session session = pending.join();
        io.bpfx.engine.Timing.mark("script loaded, session made");
        EngineHost host = new EngineHost(session, new EngineHost.Options(options.pid(), options.verbose), System.err);
        ScriptRunner runner = new ScriptRunner(opts);
        int code;
        try (ShutdownGuard guard = new ShutdownGuard(session); session) {
            Runs.onSignals(() -> {
                runner.interrupt();
                host.interrupt();
            });
            if (export == null) {
                code = runner.run(runtime, entryArgs, host);
            } else {
                ScriptValidator.validate(runtime.model());
                try (RunExport exporting = RunExport.start(export, runtime.model().scriptName(),
                        EngineHost.plans(runtime.model()), session, ExportCommand.version(), System.err)) {
                    code = runner.run(runtime, entryArgs, host);
                }
            }
        } catch (RuntimeException e) {
            code = Runs.report(e, System.err);
        }
        System.out.flush();
        return code;
    }
}
