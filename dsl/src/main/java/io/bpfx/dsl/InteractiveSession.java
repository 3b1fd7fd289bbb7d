package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/**
 * A script kept open for interactive use (the REPL): its description scope
 * has run, its targets are declared but not started; each line typed is Lua
 * in the script scope (run, stop, map(...):print(), sleep, print ...).
 */
public final class InteractiveSession {
    private final DslRuntime runtime;
    private final ScriptHost host;
    private int lineNo;

    public InteractiveSession(DslRuntime runtime, ScriptHost host) {
        this.runtime = runtime;
        this.host = host;
        ScriptValidator.validate(runtime.model());
        runtime.bind(host, 0);
        host.prepare(runtime.model(), runtime.callbacks());
    }

    public ScriptModel model() {
        return runtime.model();
    }

    /**
     * Evaluates one line; returns what to echo (the values of an expression, formatted as
     * print would), or null. Errors are ScriptErrors with one-line messages; exit() is an
     * {@link ExitRequest}.
     */
    public String eval(String line) {
        Varargs results = runtime.evalInScriptScope(line, "stdin:" + (++lineNo));
        if (results.narg() == 0) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= results.narg(); i++) {
            if (i > 1) sb.append('\t');
            sb.append(LuaValueFormatter.format(results.arg(i)));
        }
        return sb.toString();
    }

    /** Delivers events that arrived while the user was typing. */
    public void deliverPending() {
        host.sleep(0);
    }
}
