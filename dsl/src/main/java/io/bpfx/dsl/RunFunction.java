package io.bpfx.dsl;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;

/**
 * {@code run(name [, values])}: compile if needed, load and attach a target; returns once
 * attached. {@code values} (a bpfx extension) sets {@code const volatile} globals for this run,
 * over the target's set_values, for values known only now (e.g. from entry's arguments).
 */
final class RunFunction extends DslFunction {

    RunFunction(DslRuntime runtime) {
        super(runtime, "run", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        String target = KnownTargets.require(runtime.model(), args, 1);
        if (runtime.isInteractive() && !runtime.host().isRunning(target)) {
            // declared at the prompt, so not checked up front like a script's targets
            ScriptValidator.validate(runtime.model().target(target).orElseThrow());
        }
        LuaTable values = args.optionalTable(2, "of name = value");
        if (values != null) {
            runtime.host().overrideValues(target, SetValuesFunction.values(args, values));
        }
        runtime.host().run(target);
        return NONE;
    }
}
