package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Which on_event callbacks may share one event table ({@link EventEscape}: only those that can
 * do nothing with it but index it), and what that table ({@link EventView}) reads.
 */
class EventTablesTest {
    private final Globals globals = compilerOnly();

    /** Lua's compiler and base library only: JsePlatform's string library would replace bpfx's for the whole JVM. */
    private static Globals compilerOnly() {
        Globals g = new Globals();
        g.load(new JseBaseLib());
        LoadState.install(g);
        LuaC.install(g);
        return g;
    }

    private LuaFunction fn(String source) {
        return (LuaFunction) globals.load("local n, sum, keep, f = 0, 0, {}, print\nreturn " + source).call();
    }

    @Test
    void callbacksThatOnlyReadFieldsCannotKeepTheirEvent() {
        for (String src : List.of(
                "function (e) n = n + 1 end",
                "function () n = n + 1 end",
                "function (e) n = n + 1; sum = sum + e.pid + e.cpu; local s = e.seq end",
                "function (e) if e.pid == 1 and e.comm ~= 'x' then print(string.format('%d %s', e.pid, e.comm)) end end",
                "function (e) keep[e.pid] = (keep[e.pid] or 0) + 1 end",
                "function (e) local a = e.inner.x; keep[#keep + 1] = e.arr end",
                "function (e) for i = 1, e.count do n = n + i end end",
                "function (e) local x = e.x; x = e.y; return x end")) {
            assertTrue(EventEscape.cannotKeep(fn(src)), src);
        }
    }

    @Test
    void callbacksThatMayKeepTheirEventGetTheirOwnTable() {
        for (String src : List.of(
                "function (e) keep[#keep + 1] = e end",      // stored in a table
                "function (e) last = e end",                  // in a global
                "function (e) sum = e end",                   // in an upvalue
                "function (e) local a = e; keep[1] = a end",  // through another local
                "function (e) f(e) end",                      // passed on
                "function (e) return e end",                  // returned
                "function (e) keep[1] = function () return e.pid end end", // captured by a closure
                "function (e) for k, v in pairs(e) do n = n + 1 end end",
                "function (e) e.seen = true end",             // written
                "function (e) n = n + #e end",
                "function (e) keep[e] = 1 end",               // a key
                "function (e) local s = e:name() end",        // a method: e is its first argument
                "function (e) n = (e == keep) and 1 or 0 end",
                "function (e) n = n .. e end",
                "function (e) if e then n = 1 end end",
                "function (...) local e = ...; n = e.pid end",
                "print")) {
            assertFalse(EventEscape.cannotKeep(fn(src)), src);
        }
    }

    private static final Layout U32 = new Layout.IntLayout(4, false, false, false);
    private static final Layout.StructLayout INNER = new Layout.StructLayout("inner",
            List.of(new Layout.Field("x", 0, U32, 0, 0)), 4, false);
    private static final Layout.StructLayout REC = new Layout.StructLayout("rec", List.of(
            new Layout.Field("pid", 0, U32, 0, 0),
            new Layout.Field("comm", 4, new Layout.CharArrayLayout(8), 0, 0),
            new Layout.Field("inner", 12, INNER, 0, 0)), 16, false);

    private static ByteBuffer page(int records) {
        ByteBuffer b = ByteBuffer.allocateDirect(16 * records).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < records; i++) {
            b.putInt(16 * i, 100 + i);
            b.put(16 * i + 4, (byte) ('a' + i));
            b.putInt(16 * i + 12, 7 * i);
        }
        return b;
    }

    @Test
    void theSharedTableReadsEachRecordInPlaceAndOnlyDuringTheCall() {
        EventView view = new EventView(new LazyEventTable.Shape(LayoutDecoder.of(REC)), new LuaValues(), REC.size());
        ByteBuffer page = page(3);
        for (int i = 0; i < 3; i++) {
            view.attach(page, 16 * i, 16);
            assertEquals(100 + i, view.get(LuaValue.valueOf("pid")).toint());
            assertEquals(String.valueOf((char) ('a' + i)), view.get(LuaValue.valueOf("comm")).tojstring());
            LuaValue inner = view.get(LuaValue.valueOf("inner"));
            assertEquals(7 * i, inner.get("x").toint());
            // a nested struct is one table for the whole call, as in an ordinary table
            inner.set("x", LuaValue.valueOf(-1));
            assertSame(inner, view.get(LuaValue.valueOf("inner")));
            assertEquals(-1, view.get(LuaValue.valueOf("inner")).get("x").toint());
            assertTrue(view.get(LuaValue.valueOf("nope")).isnil());
            view.detach();
        }
        assertThrows(IllegalStateException.class, () -> view.get(LuaValue.valueOf("pid")));
    }

    @Test
    void aRecordShorterThanItsTypeReadsZerosForTheMissingTail() {
        EventView view = new EventView(new LazyEventTable.Shape(LayoutDecoder.of(REC)), new LuaValues(), REC.size());
        ByteBuffer page = page(2);
        view.attach(page, 0, 8); // the next record's bytes follow: they must not show
        assertEquals(100, view.get(LuaValue.valueOf("pid")).toint());
        assertEquals(0, view.get(LuaValue.valueOf("inner")).get("x").toint());
        view.detach();
    }

    @Test
    void aCallbackRunsTheSameOnTheSharedTableAsOnItsOwn() {
        LuaFunction f = (LuaFunction) globals.load(
                "local out = {}\n_G.out = out\nreturn function (e) out[#out + 1] = e.pid .. e.comm .. e.inner.x end").call();
        assertTrue(EventEscape.cannotKeep(f));
        LazyEventTable.Shape shape = new LazyEventTable.Shape(LayoutDecoder.of(REC));
        LuaValues values = new LuaValues();
        EventView view = new EventView(shape, values, REC.size());
        ByteBuffer page = page(3);
        for (int i = 0; i < 3; i++) {
            view.attach(page, 16 * i, 16);
            f.call(view);
            view.detach();
            byte[] copy = new byte[16];
            page.get(16 * i, copy);
            f.call(new LazyEventTable(copy, shape, values));
        }
        LuaValue out = globals.get("out");
        assertEquals(6, out.length());
        for (int i = 0; i < 3; i++) {
            assertEquals((100 + i) + String.valueOf((char) ('a' + i)) + (7 * i), out.get(2 * i + 1).tojstring());
            assertEquals(out.get(2 * i + 1).tojstring(), out.get(2 * i + 2).tojstring());
        }
    }
}
