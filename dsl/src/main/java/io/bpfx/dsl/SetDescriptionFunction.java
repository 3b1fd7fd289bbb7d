package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code set_description(text)}: what the script shows, for {@code --help} and {@code bpfx tools}. */
final class SetDescriptionFunction extends DslFunction {

    SetDescriptionFunction(DslRuntime runtime) {
        super(runtime, "set_description", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        runtime.model().setDescription(args.string(1, "description"));
        return NONE;
    }
}
