package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code run_file(path [, { duration = S, pid = P, values = { name = v } }])}: runs a BPF program
 * with no script ({@code .bpf.c}, {@code .bpf.o}, BCC {@code .c}) as {@code bpfx run FILE} does —
 * records printed as they come, every map printed at the end — in the REPL or from a script,
 * until the duration ends, the caller's run is interrupted (Ctrl-C) or the program's target
 * stops. It runs on the caller's engine session with a host of its own, so the caller's own
 * targets are untouched; a relative path is relative to the script's directory.
 */
final class RunFileFunction extends DslFunction {
    private static final Set<String> OPTIONS = Set.of("duration", "pid", "values");

    RunFileFunction(DslRuntime runtime) {
        super(runtime, "run_file", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        Path file = runtime.model().scriptDir().resolve(args.string(1, "file")).normalize();
        LuaTable opts = args.optionalTable(2, "of options");
        double seconds = 0;
        int pid = 0;
        Map<String, String> values = new LinkedHashMap<>();
        if (opts != null) {
            if (!(LuaConversions.toJava(opts) instanceof Map<?, ?> o) || !OPTIONS.containsAll(o.keySet())) {
                throw args.error("options are duration, pid and values, e.g. { duration = 5 }");
            }
            if (o.get("duration") != null) {
                if (!(o.get("duration") instanceof Number d) || !(d.doubleValue() >= 0)) {
                    throw args.error("duration must be a non-negative number of seconds");
                }
                seconds = d.doubleValue();
            }
            if (o.get("pid") != null) {
                if (!(o.get("pid") instanceof Number p) || p.longValue() <= 0) {
                    throw args.error("pid must be a positive number");
                }
                pid = p.intValue();
            }
            if (o.get("values") != null) {
                if (!(o.get("values") instanceof Map<?, ?> v)) {
                    throw args.error("values must be a table of global = value");
                }
                v.forEach((k, x) -> values.put(String.valueOf(k), String.valueOf(x)));
            }
        }
        if (!(runtime.host() instanceof EngineHost outer)) {
            throw new BpfxException.BadInput("run_file() needs the engine (bpfx run or the REPL)");
        }
        long ms = Math.min(Math.round(seconds * 1000), runtime.millisLeft());
        RunOptions options = runtime.options().withDuration(ms == Long.MAX_VALUE ? 0 : ms);
        DslRuntime program = ProgramScript.load(file, new ProgramScript.Settings(values, pid), options,
                outer.session().compiler());
        EngineHost inner = new EngineHost(outer.session(), new EngineHost.Options(pid, false), options.err());
        ScriptRunner runner = new ScriptRunner(options);
        // the caller's Ctrl-C / exit ends this run too: its flag is polled, the inner host woken
        Thread watch = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (runtime.shouldEnd()) {
                    runner.interrupt();
                    inner.interrupt();
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bpfx-run-file-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            runner.run(program, new String[0], inner);
        } finally {
            watch.interrupt();
            // an error part way: what the inner run started must not outlive it
            if (inner.anyRunning()) {
                inner.exit(0);
            }
        }
        return NONE;
    }
}
