package io.bpfx.dsl;

import io.bpfx.engine.system.Feature;
import org.luaj.vm2.Varargs;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code features()}: what this machine can run, keyed by name: {@code features().ringbuf.available}. */
final class FeaturesFunction extends DslFunction {

    FeaturesFunction(DslRuntime runtime) {
        super(runtime, "features", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(0);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Feature f : runtime.host().features()) {
            byName.put(f.name(), io.bpfx.engine.system.PlainData.feature(f));
        }
        return LuaConversions.toLua(byName);
    }
}
