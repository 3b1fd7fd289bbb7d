package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code target_end()}: closes the open target; later declarations need a new target(). */
final class TargetEndFunction extends DslFunction {

    TargetEndFunction(DslRuntime runtime) {
        super(runtime, "target_end", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(0);
        runtime.closeTarget();
        return NONE;
    }
}
