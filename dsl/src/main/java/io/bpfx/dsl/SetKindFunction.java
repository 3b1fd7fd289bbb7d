package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code set_kind(kind)}: how the target's attach_to places are read. */
final class SetKindFunction extends DslFunction {

    SetKindFunction(DslRuntime runtime) {
        super(runtime, "set_kind", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        TargetSpec target = runtime.currentTarget(functionName());
        String given = args.string(1, "kind");
        TargetKind kind = TargetKind.fromLuaName(given).orElseThrow(() ->
                args.error("unknown kind \"" + given + "\" (expected one of: " + TargetKind.allLuaNames() + ")"));
        target.setKind(kind, runtime.callerLocation());
        return NONE;
    }
}
