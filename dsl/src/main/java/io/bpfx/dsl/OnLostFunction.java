package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code on_lost(fn)}: {@code fn(count)} when records were lost. One per target. */
final class OnLostFunction extends DslFunction {

    OnLostFunction(DslRuntime runtime) {
        super(runtime, "on_lost", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        var fn = args.function(1, "handler");
        target.lostHandler().ifPresent(existing -> {
            throw args.error("target \"" + target.name() + "\" already has an on_lost handler (" + existing.location() + ")");
        });
        target.setLostHandler(new Callback(fn, runtime.callerLocation()));
        return NONE;
    }
}
