package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * How a host runs a script's Lua functions (event handlers, on_lost, on_stop): converts the
 * Java arguments, runs the function, and turns any Lua error into a one-line
 * {@link ScriptError} ({@code tracer.lua:8: message}). {@link ExitRequest} passes through so
 * {@code exit()} inside a callback ends the run.
 */
public final class LuaCallbacks {
    private final LuaErrorTranslator errors;
    private volatile Thread luaThread;
    /** Callbacks running now (on the Lua thread): the REPL allows declarations only outside them. */
    private int depth;

    LuaCallbacks(LuaErrorTranslator errors) {
        this.errors = errors;
    }

    /**
     * Runs {@code function(args...)}; arguments are converted by {@link LuaConversions#toLua}
     * (LuaValues pass as they are). Returns the first result as plain Java, or null.
     *
     * @throws ScriptError  the callback failed
     * @throws ExitRequest  the callback called {@code exit()}
     */
    public Object invoke(LuaFunction function, Object... args) {
        checkThread();
        Varargs results;
        depth++;
        try {
            results = function.invoke(LuaConversions.toLuaArgs(args));
        } catch (LuaError e) {
            throw errors.translate(e);
        } catch (ScriptError e) {
            throw e;
        } catch (BpfxException e) {
            // only when function is itself a Java function: Lua closures wrap these in LuaError
            throw new ScriptError(LuaErrorTranslator.oneLine(e.getMessage()), null, e);
        } catch (StackOverflowError e) {
            throw new ScriptError("stack overflow in Lua (runaway recursion?)", null, e);
        } finally {
            depth--;
        }
        return results.narg() == 0 ? null : LuaConversions.toDisplayJava(results.arg1());
    }

    /**
     * The hot path for {@code on_event}: one already-built Lua value in, nothing converted out
     * (a million events a second go through here).
     */
    public void invokeEvent(LuaFunction function, LuaValue event) {
        depth++;
        try {
            function.call(event);
        } catch (LuaError e) {
            throw errors.translate(e);
        } catch (ScriptError e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new ScriptError("stack overflow in Lua (runaway recursion?)", null, e);
        } finally {
            depth--;
        }
    }

    boolean inCallback() {
        return depth > 0;
    }

    /** Binds the callbacks to the thread that runs the script; Lua is single-threaded. */
    void bindThread(Thread thread) {
        this.luaThread = thread;
    }

    private void checkThread() {
        Thread owner = luaThread;
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("Lua callbacks must run on the script's thread " + owner.getName()
                    + ", not " + Thread.currentThread().getName());
        }
    }
}
