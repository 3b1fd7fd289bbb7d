package io.bpfx.dsl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * One loaded script: its Lua state, the model its description scope built, and which scope is
 * current. Created by {@link ScriptLoader}, which runs the description scope; then
 * {@link ScriptRunner} binds a {@link ScriptHost} and runs the script scope.
 *
 * <p>Declarations need the calling line, which only LuaJ's DebugLib tracks. It is installed
 * while the description scope runs and removed before the script scope: its per-instruction
 * hook makes Lua about 3x slower, and event callbacks are the hot path. Script-scope errors get
 * their line from LuaJ's error handling, which needs no debug library.
 */
public final class DslRuntime {
    private final ScriptModel model;
    private final Globals globals;
    private final ScriptOutput output;
    private final RunOptions options;
    private final CallSiteNames callSites = new CallSiteNames();
    private final LuaErrorTranslator errors;
    private final LuaCallbacks callbacks;

    private Scope scope = Scope.DESCRIPTION;
    private LuaValue getinfo;
    private TargetSpec currentTarget;
    private ScriptHost host;
    private long deadlineNanos;
    private boolean hasDeadline;
    private volatile boolean interrupted;

    DslRuntime(String chunkName, Path scriptDir, RunOptions options) {
        this.model = new ScriptModel(chunkName, scriptDir);
        this.options = options;
        this.output = new ScriptOutput(options.out(), options.json());
        this.globals = DslGlobals.create(options, scriptDir);
        LuaValue debug = globals.load(new DebugLib());
        // private: the hooks go away with the description scope, so scripts never see it
        globals.set("debug", LuaValue.NIL);
        globals.get("package").get("loaded").set("debug", LuaValue.NIL);
        this.getinfo = debug.get("getinfo");
        this.errors = new LuaErrorTranslator(chunkName, callSites, globals);
        this.callbacks = new LuaCallbacks(errors);
        DslLibrary.install(this);
    }

    public ScriptModel model() {
        return model;
    }

    RunOptions options() {
        return options;
    }

    /** For the host: runs the script's callbacks with one-line errors. */
    public LuaCallbacks callbacks() {
        return callbacks;
    }

    /**
     * Ends the run at the next chance: the runner's wait loop, or the end of the current
     * {@code sleep}. Safe from any thread (a signal handler); to cut a long {@code sleep} short
     * the caller also wakes the host.
     */
    public void interrupt() {
        interrupted = true;
    }

    // ---- description scope ----

    void runDescription(byte[] source) {
        try {
            Prototype chunk = globals.compilePrototype(new ByteArrayInputStream(source), model.scriptName());
            callSites.addChunk(chunk);
            new LuaClosure(chunk, globals).call();
        } catch (LuaError e) {
            throw errors.translate(e);
        } catch (IOException e) {
            throw new ScriptError(model.scriptName() + ": cannot read: " + e.getMessage(), null, e);
        } catch (StackOverflowError e) {
            throw new ScriptError(model.scriptName() + ": stack overflow in Lua (runaway recursion?)", null, e);
        } finally {
            endDescription();
        }
    }

    /**
     * The description scope written in Java rather than Lua ({@link ProgramScript}): builds the
     * model, then ends the scope exactly as a script's chunk does, so the runner sees no difference.
     */
    void describeWith(java.util.function.Consumer<ScriptModel> description) {
        try {
            description.accept(model);
        } finally {
            endDescription();
        }
    }

    private void endDescription() {
        globals.debuglib = null;
        getinfo = null;
        currentTarget = null;
        model.freeze();
        scope = Scope.SCRIPT;
    }

    /** The Lua line that called the running DSL function. Description scope only. */
    SourceLocation callerLocation() {
        if (getinfo == null) {
            return new SourceLocation(model.scriptName(), 0);
        }
        Varargs info = getinfo.call(LuaValue.valueOf(1), LuaValue.valueOf("Sl"));
        if (info.isnil(1)) {
            return new SourceLocation(model.scriptName(), 0);
        }
        LuaValue source = info.arg1().get("source");
        String file = source.isstring() ? CallSiteNames.sourceName(source.checkstring()) : model.scriptName();
        return new SourceLocation(file, info.arg1().get("currentline").optint(0));
    }

    TargetSpec currentTarget(String function) {
        if (currentTarget == null) {
            throw new LuaError(function + "() must follow target(name): no target is open here");
        }
        return currentTarget;
    }

    void openTarget(String name, SourceLocation where) {
        currentTarget = model.openTarget(name, where);
    }

    void closeTarget() {
        currentTarget = null;
    }

    // ---- both scopes ----

    void requireScope(String function, Scope required) {
        if (required != null && required != scope) {
            throw new LuaError(required.misuse(function));
        }
    }

    Globals globals() {
        return globals;
    }

    ScriptOutput output() {
        return output;
    }

    LuaErrorTranslator errors() {
        return errors;
    }

    // ---- script scope ----

    /**
     * Runs one chunk of Lua in the script scope (the REPL's lines); an expression's values
     * are returned so the caller can print them. Errors come back as one-line ScriptErrors.
     */
    public Varargs evalInScriptScope(String code, String chunkName) {
        if (scope != Scope.SCRIPT || host == null) {
            throw new IllegalStateException("the script scope has not started");
        }
        LuaValue fn;
        try {
            // an expression first ("1 + 2", "map('x'):count()"), then a statement
            fn = globals.load("return " + code, chunkName);
        } catch (LuaError notAnExpression) {
            try {
                fn = globals.load(code, chunkName);
            } catch (LuaError e) {
                throw errors.translate(e);
            }
        }
        try {
            return fn.invoke();
        } catch (LuaError e) {
            throw errors.translate(e);
        } catch (StackOverflowError e) {
            throw new ScriptError(chunkName + ": stack overflow in Lua (runaway recursion?)", null, e);
        }
    }

    /** Starts the script scope: the host, the Lua thread, and the --duration clock. */
    void bind(ScriptHost host, long durationMs) {
        this.host = host;
        callbacks.bindThread(Thread.currentThread());
        hasDeadline = durationMs > 0;
        deadlineNanos = System.nanoTime() + durationMs * 1_000_000L;
    }

    ScriptHost host() {
        if (host == null) {
            throw new IllegalStateException("no ScriptHost bound: the script scope has not started");
        }
        return host;
    }

    /** Milliseconds until --duration runs out, rounded up; Long.MAX_VALUE without a duration. */
    long millisLeft() {
        if (!hasDeadline) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (deadlineNanos - System.nanoTime() + 999_999L) / 1_000_000L);
    }

    /** True once the run should end: interrupted, or --duration is over. */
    boolean shouldEnd() {
        return interrupted || (hasDeadline && System.nanoTime() - deadlineNanos >= 0);
    }
}
