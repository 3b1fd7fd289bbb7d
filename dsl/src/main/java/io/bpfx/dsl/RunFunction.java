package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code run(name)}: compile if needed, load and attach a target; returns once attached. */
final class RunFunction extends DslFunction {

    RunFunction(DslRuntime runtime) {
        super(runtime, "run", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        String target = KnownTargets.require(runtime.model(), args, 1);
        runtime.host().run(target);
        return NONE;
    }
}
