package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code on_stop(fn)}: {@code fn()} when the target stops. One per target. */
final class OnStopFunction extends DslFunction {

    OnStopFunction(DslRuntime runtime) {
        super(runtime, "on_stop", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        var fn = args.function(1, "handler");
        target.stopHandler().ifPresent(existing -> {
            throw args.error("target \"" + target.name() + "\" already has an on_stop handler (" + existing.location() + ")");
        });
        target.setStopHandler(new Callback(fn, runtime.callerLocation()));
        return NONE;
    }
}
