package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code target(name)}: opens a target (re-opening an existing one adds to it). */
final class TargetFunction extends DslFunction {

    TargetFunction(DslRuntime runtime) {
        super(runtime, "target", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        String name = args.string(1, "target name");
        runtime.openTarget(name, runtime.callerLocation());
        return NONE;
    }
}
