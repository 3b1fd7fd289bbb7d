package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code set_binary(path)}: where bare uprobe symbols are looked up first (a path or a library name). */
final class SetBinaryFunction extends DslFunction {

    SetBinaryFunction(DslRuntime runtime) {
        super(runtime, "set_binary", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        target.setBinary(args.string(1, "binary"), runtime.callerLocation());
        return NONE;
    }
}
