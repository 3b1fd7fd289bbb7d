package io.bpfx.cli;

import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ProgramScript;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptRunner;
import io.bpfx.dsl.ScriptValidator;
import io.bpfx.dsl.TargetSpec;
import io.bpfx.engine.BpfStats;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.ShutdownGuard;
import io.bpfx.exporter.config.MapDefaults;
import io.bpfx.exporter.target.ConfigTargets;
import io.bpfx.exporter.target.ExportBridge;
import io.bpfx.exporter.target.ExportRegistry;
import io.bpfx.exporter.target.MetricsServer;
import io.bpfx.exporter.target.V1ConfigTargets;
import io.bpfx.exporter.config.V1Config;
import io.bpfx.exporter.config.V1ConfigReader;
import io.bpfx.exporter.config.V1TargetPlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bpfx export SCRIPT... | --config.dir DIR --config.names a,b: a headless
 * exporter. Serves the scripts' add_metric metrics (or ebpf_exporter v2
 * configs) for Prometheus until SIGTERM/SIGINT.
 *
 * <p>Each script runs as under {@code bpfx run}, in its own Lua runtime on its own
 * thread with its own engine session (scripts never share Lua state; one
 * script's callbacks never wait for another's). A Lua error in an on_event
 * callback is counted and printed, and the export goes on; any other script
 * error ends the whole export with exit code 1. A script that ends normally
 * (its targets all stopped, exit(0)) leaves the others running; the export ends
 * when every script has ended, or on a signal.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Serve BPF maps as Prometheus metrics: the add_metric{} of Lua scripts, an ebpf_exporter v1 config "
                + "(--config.file) or v2 configs (--config.dir/--config.names). Runs until SIGTERM/SIGINT."},
        footer = {"", "Metrics: GET /metrics (Prometheus text or OpenMetrics by Accept header), / lists the targets,",
                "/maps (with --debug) shows raw keys, decoded labels and values as JSON."})
final class ExportCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "SCRIPT", arity = "0..*", description = "Lua scripts declaring add_metric{}, or BPF "
            + "programs (.bpf.c, .bpf.o): every map becomes a metric by its BTF, with no config")
    List<Path> scripts = new ArrayList<>();

    @Option(names = {"--listen", "--web.listen-address"}, paramLabel = "ADDR:PORT", defaultValue = ":9435",
            description = "where to serve (default ${DEFAULT-VALUE}: every interface)")
    String listen;

    @Option(names = {"--path", "--web.telemetry-path"}, paramLabel = "PATH", defaultValue = "/metrics",
            description = "metrics path (default ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--debug", description = "serve /maps: raw map keys, decoded labels and values as JSON")
    boolean debug;

    @Option(names = "--bpf-stats", description = "count program run time while running (BPF_ENABLE_STATS: "
            + "run time and count metrics); the kernel stops counting when bpfx exits, however it exits")
    boolean bpfStats;

    @Option(names = "--config.dir", paramLabel = "DIR", description = "ebpf_exporter v2 config directory")
    Path configDir;

    @Option(names = "--config.file", paramLabel = "FILE.yaml",
            description = "an ebpf_exporter v1 config: programs with their BCC C code inline")
    Path configFile;

    @Option(names = "--config.names", paramLabel = "NAMES", split = ",",
            description = "configs to run from --config.dir (comma separated): NAME.yaml + NAME.bpf.o each")
    List<String> configNames = new ArrayList<>();

    @Option(names = "--series-limit", paramLabel = "N", description = "most series per metric unless the metric sets "
            + "series_limit (0: no limit; the rest are dropped and counted)")
    int seriesLimit;

    @Mixin
    ScriptOptions options = new ScriptOptions();

    private final PrintStream err = System.err;
    /** A signal (or an error in one script) is ending every script. */
    private volatile boolean ending;
    /** The prebuilt objects of the installed packages exported (keys are content hashes: one set serves all). */
    private io.bpfx.engine.build.Prebuilt objects = io.bpfx.engine.build.Prebuilt.none();

    @Override
    public Integer call() {
        boolean configs = configDir != null || !configNames.isEmpty() || configFile != null;
        if (configFile != null && (configDir != null || !configNames.isEmpty())) {
            err.println("bpfx: --config.file (v1) and --config.dir/--config.names (v2) do not go together");
            return ExitCodes.USAGE;
        }
        if (configs && !scripts.isEmpty()) {
            err.println("bpfx: give scripts or --config.dir/--config.names, not both");
            return ExitCodes.USAGE;
        }
        if (configs && configFile == null && (configDir == null || configNames.isEmpty())) {
            err.println("bpfx: --config.dir and --config.names go together");
            return ExitCodes.USAGE;
        }
        if (!configs && scripts.isEmpty()) {
            err.println("bpfx: export needs a script (bpfx export examples/exporter.lua), --config.file, or --config.dir and --config.names");
            return ExitCodes.USAGE;
        }
        if (seriesLimit < 0 || options.durationSeconds < 0) {
            err.println("bpfx: --series-limit and --duration must not be negative");
            return ExitCodes.USAGE;
        }
        try {
            MetricsServer.checkOptions(listen, path);
        } catch (BpfxException e) {
            err.println("bpfx: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (int i = 0; i < scripts.size(); i++) {
            java.util.Optional<ToolScripts.Resolved> s;
            try {
                s = ToolScripts.resolve(scripts.get(i)); // a file, an installed package or a ready tool by name
            } catch (RuntimeException e) {
                return Runs.report(e, err);
            }
            if (s.isEmpty()) {
                err.println(ToolScripts.notFound(scripts.get(i)));
                return ExitCodes.USAGE;
            }
            scripts.set(i, s.get().script());
            objects = objects.and(s.get().objects());
        }
        int code;
        try {
            code = configs ? exportConfigs() : exportScripts();
        } catch (RuntimeException e) {
            code = Runs.report(e, err);
        }
        System.out.flush();
        return code;
    }

    static String version() {
        String v = ExportCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    // ---- ebpf_exporter configs ----

    private int exportConfigs() {
        if (configFile != null) {
            return exportV1Config();
        }
        ExportRegistry registry = new ExportRegistry(ExportRegistry.Mode.CONFIGS, version());
        List<ConfigTargets.Prepared> prepared = ConfigTargets.prepare(configDir, configNames, seriesLimit, err);
        ConfigTargets targets = new ConfigTargets(registry, err);
        return serveConfigs(registry, session -> prepared.forEach(p -> targets.start(session, p)), targets::forgetAll);
    }

    /** v1: every program of one file, its code compiled by BCC from a private temporary directory. */
    private int exportV1Config() {
        V1Config cfg = V1ConfigReader.read(configFile);
        Path codeDir;
        try {
            codeDir = Files.createTempDirectory("bpfx-v1-");
        } catch (java.io.IOException e) {
            throw new BpfxException("cannot create a temporary directory for the BCC code: " + e.getMessage());
        }
        try {
            ExportRegistry registry = new ExportRegistry(ExportRegistry.Mode.V1_CONFIGS, version());
            List<V1TargetPlans.Prepared> prepared = V1TargetPlans.prepare(cfg, codeDir, V1TargetPlans.namespace(), seriesLimit);
            V1ConfigTargets targets = new V1ConfigTargets(registry, err);
            return serveConfigs(registry, session -> prepared.forEach(p -> targets.start(session, p)), targets::forgetAll);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.list(codeDir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
                Files.deleteIfExists(codeDir);
            } catch (java.io.IOException ignored) {
                // a temporary directory; nothing attached depends on it
            }
        }
    }

    private int serveConfigs(ExportRegistry registry, java.util.function.Consumer<Session> startAll, Runnable forgetAll) {
        AtomicBoolean stop = new AtomicBoolean();
        try (MetricsServer server = MetricsServer.start(registry, listen, path, debug, "bpfx (ebpf_exporter configs)", err);
             BpfStats stats = bpfStats ? BpfStats.enable() : null) {
            Session session = Runs.newSession(err);
            try (ShutdownGuard guard = new ShutdownGuard(session); session) {
                Runs.onSignals(() -> {
                    stop.set(true);
                    session.wakeup();
                });
                try {
                    startAll.accept(session);
                    long deadline = options.durationSeconds > 0
                            ? System.nanoTime() + Math.round(options.durationSeconds * 1e9) : Long.MAX_VALUE;
                    // Sleeps in epoll_wait until events, the deadline, or a signal (which wakes the
                    // session): an idle exporter wakes for nothing.
                    while (!stop.get() && !guard.stopRequested()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        session.poll(deadline == Long.MAX_VALUE ? -1 : Math.max(1, (left + 999_999) / 1_000_000));
                    }
                } finally {
                    forgetAll.run();
                }
            }
        }
        return ExitCodes.OK;
    }

    // ---- Lua scripts ----

    /** One script: its runtime, host and runner, run on a thread of its own. */
    private static final class ScriptRun {
        final Path script;
        final DslRuntime runtime;
        final ExportBridge bridge;
        final ScriptRunner runner;
        volatile EngineHost host;
        final AtomicInteger code = new AtomicInteger(-1);
        Thread thread;

        ScriptRun(Path script, DslRuntime runtime, ExportBridge bridge, ScriptRunner runner) {
            this.script = script;
            this.runtime = runtime;
            this.bridge = bridge;
            this.runner = runner;
        }

        void interrupt() {
            runner.interrupt();
            EngineHost h = host;
            if (h != null) {
                h.interrupt();
            }
        }
    }

    private int exportScripts() {
        RunOptions opts = options.runOptions();
        ExportRegistry registry = new ExportRegistry(ExportRegistry.Mode.SCRIPTS, version());

        // everything is checked before anything is loaded or the port is taken
        BpfCompiler compiler = new BpfCompiler(BpfCompiler.defaultCacheDir(), objects);
        List<ScriptRun> runs = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> metrics = new LinkedHashMap<>();
        for (Path script : scripts) {
            // a BPF program alone: every map that has a metric form, by MapDefaults' rule
            DslRuntime runtime = ProgramScript.isProgram(script)
                    ? ProgramScript.load(script, new ProgramScript.Settings(options.config, options.pid(),
                            maps -> MapDefaults.bareTables(maps, line -> err.println("bpfx: " + script + ": " + line))),
                            opts, compiler)
                    : ScriptLoader.load(script, opts);
            ScriptValidator.validate(runtime.model());
            for (TargetSpec t : runtime.model().targets()) {
                String had = targets.putIfAbsent(t.name(), t.location().toString());
                if (had != null) {
                    throw new BpfxException.BadInput(t.location() + ": target " + t.name()
                            + " is also declared at " + had + " (targets of the exported scripts share one namespace)");
                }
            }
            ExportBridge bridge = new ExportBridge(registry, script.toString(), true, seriesLimit, err);
            for (Map.Entry<String, String> m : bridge.check(EngineHost.plans(runtime.model()), compiler).entrySet()) {
                String had = metrics.putIfAbsent(m.getKey(), m.getValue());
                if (had != null) {
                    throw new BpfxException.BadInput(m.getValue() + ": add_metric: metric " + m.getKey()
                            + " is already defined at " + had);
                }
            }
            runs.add(new ScriptRun(script, runtime, bridge, new ScriptRunner(opts)));
        }

        try (MetricsServer server = MetricsServer.start(registry, listen, path, debug, "bpfx exporter", err);
             BpfStats stats = bpfStats ? BpfStats.enable() : null) {
            Runs.onSignals(() -> {
                ending = true;
                runs.forEach(ScriptRun::interrupt);
            });
            for (ScriptRun run : runs) {
                run.thread = new Thread(() -> runScript(run, runs), "bpfx-lua-" + run.script.getFileName());
                run.thread.start();
            }
            int code = ExitCodes.OK;
            for (ScriptRun run : runs) {
                joinUninterruptibly(run.thread);
                if (code == ExitCodes.OK && run.code.get() > 0) {
                    code = run.code.get();
                }
            }
            return code;
        }
    }

    /** Runs one script to its end; an error ends every other script too. */
    private void runScript(ScriptRun run, List<ScriptRun> all) {
        Session session = Runs.newSession(err, objects);
        EngineHost host = new EngineHost(session, new EngineHost.Options(options.pid(), options.verbose), err);
        session.addListener(run.bridge);
        run.host = host;
        int code;
        try (ShutdownGuard guard = new ShutdownGuard(session); session) {
            try {
                code = run.runner.run(run.runtime, new String[0], host);
            } finally {
                run.bridge.forgetAll();
            }
        } catch (RuntimeException e) {
            code = Runs.report(e, err);
        }
        run.code.set(code);
        if (code != ExitCodes.OK) {
            ending = true;
            all.forEach(ScriptRun::interrupt);
        } else if (!ending && all.stream().anyMatch(r -> r != run && r.code.get() < 0)) {
            err.println("bpfx: " + run.script + " ended; the other scripts go on");
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
