package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code maps()}: every BPF map on the machine, as {@code bpfx maps} lists them. */
final class MapsFunction extends DslFunction {

    MapsFunction(DslRuntime runtime) {
        super(runtime, "maps", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(0);
        return LuaConversions.toLua(runtime.host().maps().stream().map(io.bpfx.engine.system.PlainData::map).toList());
    }
}
