package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Base of every bpfx Lua function: checks it is called in its scope (null = either), then
 * hands its arguments to {@link #call(Args)}. One subclass per Lua function.
 */
abstract class DslFunction extends VarArgFunction {
    final DslRuntime runtime;
    private final Scope scope;

    DslFunction(DslRuntime runtime, String name, Scope scope) {
        this.runtime = runtime;
        this.name = name;
        this.scope = scope;
    }

    @Override
    public final Varargs invoke(Varargs args) {
        runtime.requireScope(name, scope);
        try {
            return call(new Args(name, args));
        } catch (BpfxException e) {
            throw new BpfxLuaError(e);
        }
    }

    abstract Varargs call(Args args);

    String functionName() {
        return name;
    }
}
