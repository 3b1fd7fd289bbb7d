package io.bpfx.dsl;

import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What {@code map(...)} returns to Lua: a userdata wrapping a {@link MapView}, with methods
 * {@code :items()}, {@code :get(key)}, {@code :count()}, {@code :clear()}, {@code :print()}.
 * Each method is its own small function class below.
 */
final class LuaMapView extends LuaUserdata {
    private final String name;
    private final MapView view;

    LuaMapView(DslRuntime runtime, String name, MapView view) {
        super(view);
        this.name = name;
        this.view = view;
        LuaTable methods = new LuaTable();
        methods.set("items", new Items(runtime));
        methods.set("get", new Get(runtime));
        methods.set("count", new Count(runtime));
        methods.set("clear", new Clear(runtime));
        methods.set("print", new Print(runtime));
        LuaTable meta = new LuaTable();
        meta.set(INDEX, methods);
        meta.set(TOSTRING, new org.luaj.vm2.lib.OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(self.tojstring());
            }
        });
        setmetatable(meta);
    }

    @Override
    public String tojstring() {
        return "map(" + name + ")";
    }

    private static LuaMapView self(Args args, String method) {
        if (!(args.get(1) instanceof LuaMapView self)) {
            throw args.error("call it as a method: m:" + method + "(...)");
        }
        return self;
    }

    /** {@code m:items()}: array of {@code {key = ..., value = ...}}. */
    static final class Items extends DslFunction {
        Items(DslRuntime runtime) {
            super(runtime, "items", Scope.SCRIPT);
        }

        @Override
        Varargs call(Args args) {
            LuaMapView self = self(args, "items");
            var items = self.view.items();
            LuaTable array = new LuaTable(items.size(), 0);
            int i = 1;
            for (Map.Entry<Object, Object> item : items) {
                LuaTable pair = new LuaTable(0, 2);
                pair.set("key", LuaConversions.toLua(item.getKey()));
                pair.set("value", LuaConversions.toLua(item.getValue()));
                array.rawset(i++, pair);
            }
            return array;
        }
    }

    /** {@code m:get(key)}: the value, or nil. */
    static final class Get extends DslFunction {
        Get(DslRuntime runtime) {
            super(runtime, "get", Scope.SCRIPT);
        }

        @Override
        Varargs call(Args args) {
            LuaMapView self = self(args, "get");
            if (!args.isPresent(2)) {
                throw args.bad(1, "key expected", args.get(2));
            }
            return LuaConversions.toLua(self.view.get(LuaConversions.toJava(args.get(2))));
        }
    }

    /** {@code m:count()}: number of entries. */
    static final class Count extends DslFunction {
        Count(DslRuntime runtime) {
            super(runtime, "count", Scope.SCRIPT);
        }

        @Override
        Varargs call(Args args) {
            return LuaValue.valueOf((double) self(args, "count").view.count());
        }
    }

    /** {@code m:clear()}: deletes every entry. */
    static final class Clear extends DslFunction {
        Clear(DslRuntime runtime) {
            super(runtime, "clear", Scope.SCRIPT);
        }

        @Override
        Varargs call(Args args) {
            self(args, "clear").view.clear();
            return NONE;
        }
    }

    /** {@code m:print()}: an aligned table, or a log2 histogram for histogram maps. */
    static final class Print extends DslFunction {
        Print(DslRuntime runtime) {
            super(runtime, "print", Scope.SCRIPT);
        }

        @Override
        Varargs call(Args args) {
            LuaMapView self = self(args, "print");
            MapPrinter.print(self.name, self.view, runtime.output());
            return NONE;
        }
    }
}
