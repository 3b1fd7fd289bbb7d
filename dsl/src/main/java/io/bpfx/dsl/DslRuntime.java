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
    /** Kept for the REPL's :load, which declares from a file and wants its file:line. */
    private final DebugLib debugLib = new DebugLib();
    private final LuaValue savedGetinfo;
    private Path baseDir;
    /** Lua's own globals (math, string, ...): the REPL completes bpfx's names before these. */
    private final java.util.Set<String> luaBuiltins = new java.util.HashSet<>();
    private TargetSpec currentTarget;
    private ScriptHost host;
    private long deadlineNanos;
    private boolean hasDeadline;
    private volatile boolean interrupted;
    private ScriptArgs scriptArgs;
    private ScriptUsageError argsError;
    /** The REPL: both scopes at the prompt, declarations located at the typed line. */
    private boolean interactive;
    private int promptLine;

    DslRuntime(String chunkName, Path scriptDir, RunOptions options) {
        this.model = new ScriptModel(chunkName, scriptDir);
        this.options = options;
        this.output = new ScriptOutput(options.out(), options.json(), options.textMirror());
        this.globals = DslGlobals.create(options, scriptDir);
        io.bpfx.engine.Timing.mark("lua globals");
        LuaValue debug = globals.load(debugLib);
        // private: the hooks go away with the description scope, so scripts never see it
        globals.set("debug", LuaValue.NIL);
        globals.get("package").get("loaded").set("debug", LuaValue.NIL);
        this.getinfo = debug.get("getinfo");
        this.savedGetinfo = getinfo;
        this.errors = new LuaErrorTranslator(chunkName, callSites, globals);
        this.callbacks = new LuaCallbacks(errors);
        for (LuaValue k : globals.keys()) luaBuiltins.add(k.tojstring());
        DslLibrary.install(this);
        io.bpfx.engine.Timing.mark("dsl installed");
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
            io.bpfx.engine.Timing.mark("script compiled");
            callSites.addChunk(chunk);
            new LuaClosure(chunk, globals).call();
            io.bpfx.engine.Timing.mark("description ran");
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
            // at the prompt the debug hook stays off (callbacks run here): the chunk's first line
            return interactive ? new SourceLocation(STDIN, promptLine) : new SourceLocation(model.scriptName(), 0);
        }
        Varargs info = getinfo.call(LuaValue.valueOf(1), LuaValue.valueOf("Sl"));
        if (info.isnil(1)) {
            return new SourceLocation(model.scriptName(), 0);
        }
        LuaValue source = info.arg1().get("source");
        String file = source.isstring() ? CallSiteNames.sourceName(source.checkstring()) : model.scriptName();
        return new SourceLocation(file, info.arg1().get("currentline").optint(0));
    }

    /** The target the prompt's declarations go to, if one is open (for completion). */
    java.util.Optional<TargetSpec> openTarget() {
        return java.util.Optional.ofNullable(currentTarget);
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

    void addOption(ScriptOption option, String function) {
        if (interactive) {
            // the prompt has no command line of its own: a tool :load'ed there declares its
            // options after the session read it; read it again against the new options
            scriptArgs = null;
            argsError = null;
        } else if (scriptArgs != null) {
            throw new LuaError(function + "(): declare options before the first get_config(), which reads the command line");
        }
        model.addOption(option);
    }

    /**
     * The command line read against the declared options, once (the first get_config, or the
     * end of the description scope). A bad word is kept for {@link #checkArgs()}, so it is
     * reported as a usage error rather than a Lua error at some line.
     */
    ScriptArgs scriptArgs() {
        if (scriptArgs == null) {
            try {
                scriptArgs = ScriptArgs.parse(model.scriptName(), model.options(), options.args());
            } catch (ScriptUsageError e) {
                argsError = e;
                scriptArgs = new ScriptArgs(java.util.Map.of(), options.args());
            }
        }
        return scriptArgs;
    }

    /** @throws ScriptUsageError when the command line does not fit the script's options */
    void checkArgs() {
        scriptArgs();
        if (argsError != null) throw argsError;
    }

    /** The words for entry(arg, ...): the command line minus the declared options' words. */
    public java.util.List<String> entryArgs() {
        return scriptArgs().words();
    }

    // ---- both scopes ----

    void requireScope(String function, Scope required) {
        if (interactive) {
            // the prompt is both scopes; a callback stays script scope (it runs with the engine live)
            if (required == Scope.DESCRIPTION && callbacks.inCallback()) {
                throw new LuaError(required.misuse(function));
            }
            return;
        }
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

    // ---- the REPL ----

    static final String STDIN = "stdin";

    /**
     * Turns the script scope into the prompt's: description-scope calls work again (a user
     * declares targets line by line), and so do script-scope ones.
     */
    void startInteractive(ScriptHost host) {
        bind(host, 0);
        interactive = true;
        model.reopen();
    }

    /** A global of Lua's standard library rather than bpfx's (or the user's). */
    boolean isLuaBuiltin(String name) {
        return luaBuiltins.contains(name) && !(globals.get(name) instanceof DslFunction);
    }

    boolean isInteractive() {
        return interactive;
    }

    /**
     * Runs typed Lua whose first line is session line {@code firstLine}: compiled as chunk
     * "stdin" after {@code firstLine - 1} newlines, so messages read {@code stdin:3: ...} with
     * the session's line numbers. An expression's values are returned (Lua's own REPL does the
     * same: "return " first, then the statement).
     */
    Varargs evalInteractive(String code, int firstLine) {
        promptLine = firstLine;
        String lead = "\n".repeat(Math.max(0, firstLine - 1));
        Prototype chunk;
        try {
            chunk = compile(lead + "return " + code);
        } catch (LuaError notAnExpression) {
            try {
                chunk = compile(lead + code);
            } catch (LuaError e) {
                throw errors.translate(e);
            }
        }
        callSites.addChunk(chunk);
        try {
            return new LuaClosure(chunk, globals).invoke();
        } catch (LuaError e) {
            ScriptError error = errors.translate(e);
            if (error.location().isEmpty() && !(e.getCause() instanceof ScriptError)) {
                // "return f()" is a tail call: it fails after the chunk's frame is gone, so LuaJ
                // names no line; it is the chunk's (the one-line case) first line
                Throwable engineError = e.getCause(); // kept: it may name its own line
                error = errors.translate(new LuaError(STDIN + ":" + firstLine + " " + e.getMessage()) {
                    {
                        this.cause = engineError;
                    }
                });
            }
            throw error;
        } catch (StackOverflowError e) {
            throw new ScriptError(STDIN + ":" + firstLine + ": stack overflow in Lua (runaway recursion?)", null, e);
        }
    }

    /**
     * True when {@code code} is the start of a chunk that goes on ({@code function f()} with
     * no {@code end}, an open {@code {}). Lua's own REPL looks for "near <eof>" in the
     * message; LuaJ names no token, so the test is where the error is: a chunk that fails only
     * at its end fails one line later when a blank line is added, a real mistake does not.
     */
    boolean isIncomplete(String code) {
        try {
            compile("return " + code);
            return false;
        } catch (LuaError notAnExpression) {
            int line = errorLine(code);
            return line > 0 && errorLine(code + "\n") == line + 1;
        }
    }

    private static final java.util.regex.Pattern SYNTAX_LINE = java.util.regex.Pattern.compile("^\\[string \"[^\"]*\"\\]:(\\d+):");

    /** The line of {@code code}'s syntax error, or 0 when it compiles. */
    private int errorLine(String code) {
        try {
            compile(code);
            return 0;
        } catch (LuaError e) {
            java.util.regex.Matcher m = SYNTAX_LINE.matcher(String.valueOf(e.getMessage()));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    private Prototype compile(String code) {
        try {
            return globals.compilePrototype(new ByteArrayInputStream(code.getBytes(java.nio.charset.StandardCharsets.UTF_8)), STDIN);
        } catch (IOException e) {
            throw new LuaError(e.getMessage());
        }
    }

    /**
     * The REPL's {@code :load FILE}: runs a script's top level at the prompt (its targets are
     * declared; relative paths resolve against its folder), with the debug hook on for the
     * time so declarations remember {@code file:line}.
     */
    void loadInteractive(String chunkName, Path dir, byte[] source) {
        Path savedDir = baseDir;
        baseDir = dir;
        globals.debuglib = debugLib;
        getinfo = savedGetinfo;
        try {
            Prototype chunk = globals.compilePrototype(new ByteArrayInputStream(source), chunkName);
            callSites.addChunk(chunk);
            new LuaClosure(chunk, globals).call();
        } catch (LuaError e) {
            throw errors.translate(e);
        } catch (IOException e) {
            throw new ScriptError(chunkName + ": cannot read: " + e.getMessage(), null, e);
        } finally {
            globals.debuglib = null;
            getinfo = null;
            baseDir = savedDir;
        }
    }

    /** Where relative add_files paths resolve: the script's folder (or a :load-ed file's). */
    Path baseDir() {
        return baseDir != null ? baseDir : model.scriptDir();
    }

    /** The REPL's next command may wait again after Ctrl-C. */
    void clearInterrupt() {
        interrupted = false;
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
