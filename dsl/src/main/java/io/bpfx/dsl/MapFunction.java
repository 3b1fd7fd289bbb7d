package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/**
 * {@code map(name)} / {@code map(target, name)}: a live view of a BPF map. Without a target the
 * host searches every running target (several matches is an error).
 */
final class MapFunction extends DslFunction {

    MapFunction(DslRuntime runtime) {
        super(runtime, "map", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(2);
        String target = null;
        String name;
        if (args.count() == 2) {
            target = KnownTargets.require(runtime.model(), args, 1);
            name = args.string(2, "map name");
        } else {
            name = args.string(1, "map name");
        }
        MapView view = runtime.host().map(target, name);
        if (view == null) {
            throw args.error("no map " + name + (target == null ? "" : " in target \"" + target + "\""));
        }
        return new LuaMapView(runtime, name, view);
    }
}
