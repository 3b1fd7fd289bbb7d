package io.bpfx.cli;

import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.InteractiveSession;
import io.bpfx.dsl.LuaCallbacks;
import io.bpfx.dsl.MapView;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptHost;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.engine.session.Session;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Hidden: walks the start-up path without touching the kernel (Lua description scope,
 * the engine's native bindings, a session) so the launcher can record which classes
 * bpfx loads into a class-data-sharing archive: every later start maps them instead of
 * parsing them again. The part of the path that needs the kernel (load, attach, ring
 * buffers, map reads) is covered by {@code startup-classes.txt}, the classes real runs
 * loaded (scripts/startup-classes.sh): each is loaded here, and the archive links them.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    private static final String SCRIPT = String.join("\n",
            "target(\"t\")",
            "    add_files(\"train.bpf.c\")",
            "    set_kind(\"tracepoint\")",
            "    attach_to(\"p\", \"syscalls:sys_enter_openat\")",
            "    set_values{ target_pid = get_config(\"pid\") or 0 }",
            "    on_event(function (e) print(string.format(\"%d %s\", e.pid, e.comm)) end)",
            "    on_stop(function () print(sort({ b = 1, a = 2 })) end)",
            "entry(function (arg) run(\"t\") sleep(1) end)");

    @Override
    public Integer call() throws IOException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // the command line a run parses: QuickRun's way, and picocli's for the rest (it loads different classes per option kind)
        String[] run = {"run", "train.lua", "a", "--duration", "1", "--pid", "1", "-c", "k=v", "--json", "-v", "--export=:0"};
        QuickRun.parse(java.util.Arrays.copyOfRange(run, 1, run.length));
        Main.commandLine(run).parseArgs(run);
        Path dir = Files.createTempDirectory("bpfx-train");
        try {
            Path script = dir.resolve("train.lua");
            Files.writeString(script, SCRIPT);
            Files.writeString(dir.resolve("train.bpf.c"), "");
            DslRuntime runtime = ScriptLoader.load(script, RunOptions.defaults().withOutput(sink, sink)
                    .withConfig(java.util.Map.of("pid", 1L)));
            new InteractiveSession(runtime, new NoKernelHost()).eval("print(string.format('%5.2f', 1.5), { a = 1 })");
        } catch (RuntimeException expected) {
            // whatever fails here without a kernel still loaded the classes on its way
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        try (Session session = Runs.newSession(sink)) {
            session.anyRunning();
        } catch (RuntimeException | LinkageError ignored) {
            // no libbpf on the build machine: the archive just holds fewer classes
        }
        preloadStartupClasses();
        return ExitCodes.OK;
    }

    /** Loads (without initialising) every class a real run loaded; returns how many were found. */
    static int preloadStartupClasses() throws IOException {
        int found = 0;
        try (var in = TrainCommand.class.getResourceAsStream("startup-classes.txt")) {
            if (in == null) return 0;
            ClassLoader loader = TrainCommand.class.getClassLoader();
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank()) continue;
                try {
                    Class.forName(name.strip(), false, loader);
                    found++;
                } catch (ClassNotFoundException | LinkageError gone) {
                    // renamed or removed since the list was made: it just isn't archived
                }
            }
        }
        return found;
    }

    /** The script scope with nothing behind it: only for walking code paths. */
    private static final class NoKernelHost implements ScriptHost {
        public void prepare(ScriptModel model, LuaCallbacks callbacks) { }
        public void run(String target) { }
        public void stop(String target) { }
        public boolean isRunning(String target) { return false; }
        public boolean anyRunning() { return false; }
        public void sleep(long ms) { }
        public MapView map(String target, String mapName) { throw new IllegalStateException("no maps in training"); }
        public void exit(int code) { }
    }
}
