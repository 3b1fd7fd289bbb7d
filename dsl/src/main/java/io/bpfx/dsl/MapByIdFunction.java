package io.bpfx.dsl;

import org.luaj.vm2.Varargs;

/** {@code map_by_id(id)}: any map on the machine (ids from {@code maps()}), the same view as {@code map()}. */
final class MapByIdFunction extends DslFunction {

    MapByIdFunction(DslRuntime runtime) {
        super(runtime, "map_by_id", Scope.SCRIPT);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        double id = args.number(1, "map id");
        if (id < 1 || id != Math.floor(id) || id > 0xFFFF_FFFFL) {
            throw args.error("map id must be a positive integer, got " + args.get(1).tojstring());
        }
        return new LuaMapView(runtime, "map " + (long) id, runtime.host().mapById((long) id));
    }
}
