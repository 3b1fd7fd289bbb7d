package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code progs()}: every BPF program on the machine, as {@code bpfx ps} lists them. */
final class ProgsFunction extends DslFunction {

    ProgsFunction(DslRuntime runtime) {
        super(runtime, "progs", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(0);
        return LuaConversions.toLua(runtime.host().progs().stream().map(io.bpfx.engine.system.PlainData::program).toList());
    }
}
