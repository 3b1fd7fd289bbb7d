package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code stop(name)}: detach and close a target (its on_stop runs); fine inside its own callbacks. */
final class StopFunction extends DslFunction {

    StopFunction(DslRuntime runtime) {
        super(runtime, "stop", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        String target = KnownTargets.require(runtime.model(), args, 1);
        runtime.host().stop(target);
        return NONE;
    }
}
