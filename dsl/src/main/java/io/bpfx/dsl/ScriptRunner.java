package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import java.nio.file.Path;
import java.util.Optional;
import org.luaj.vm2.LuaFunction;

/**
 * Runs a script from start to end: description scope, validation, then entry (the script's,
 * or the default: {@code run} every target in declaration order), then delivers events while
 * any target runs, until --duration, {@code exit()} or {@link #interrupt()}. Returns the exit
 * code. Errors propagate as {@link ScriptError} (or the engine's {@link BpfxException}) with a
 * one-line message; the runner then calls nothing more on the host, whose owner must close it.
 */
public final class ScriptRunner {
    private final RunOptions options;
    private volatile DslRuntime current;
    private volatile ScriptHost currentHost;
    private volatile boolean interruptedEarly;

    public ScriptRunner(RunOptions options) {
        this.options = options;
    }

    /** Loads {@code script} and runs it with the command-line words {@code args}. */
    public int run(Path script, String[] args, ScriptHost host) {
        return run(ScriptLoader.load(script, options), args, host);
    }

    /** Runs an already loaded script (loaded with the same options). */
    public int run(DslRuntime runtime, String[] args, ScriptHost host) {
        current = runtime;
        if (interruptedEarly) {
            runtime.interrupt();
        }
        ScriptValidator.validate(runtime.model());
        runtime.bind(host, options.durationMs());
        currentHost = host;
        host.prepare(runtime.model(), runtime.callbacks());
        io.bpfx.engine.Timing.mark("script scope");
        int code = 0;
        try {
            runEntry(runtime, args, host);
            // the host returns when events came, a target stopped, wake() or the deadline:
            // an idle run does not wake up to look
            while (!runtime.shouldEnd() && host.anyRunning()) {
                host.awaitEnd(runtime.millisLeft());
            }
        } catch (ExitRequest exit) {
            code = exit.code();
        }
        if (host.anyRunning()) {
            try {
                host.exit(code);
            } catch (ExitRequest exit) {
                // exit() called from an on_stop hook while stopping
                code = exit.code();
            }
        }
        return code;
    }

    /** Ends the run soon, from any thread (Ctrl-C / SIGTERM handler); exit code 0. */
    public void interrupt() {
        interruptedEarly = true;
        DslRuntime runtime = current;
        if (runtime != null) {
            runtime.interrupt();
        }
        ScriptHost host = currentHost;
        if (host != null) {
            host.wake();
        }
    }

    private static void runEntry(DslRuntime runtime, String[] args, ScriptHost host) {
        Optional<LuaFunction> entry = runtime.model().entry();
        if (entry.isPresent()) {
            runtime.callbacks().invoke(entry.get(), (Object[]) args);
            return;
        }
        for (TargetSpec target : runtime.model().targets()) {
            if (runtime.shouldEnd()) {
                return;
            }
            try {
                host.run(target.name());
            } catch (ScriptError e) {
                throw e;
            } catch (BpfxException e) {
                // no Lua line ran this: point at the target's declaration
                throw LuaErrorTranslator.at(target.location(), e);
            }
        }
    }
}
