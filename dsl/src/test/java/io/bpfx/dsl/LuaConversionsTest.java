package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ZeroArgFunction;

class LuaConversionsTest {

    @Test
    void javaToLua() {
        assertTrue(LuaConversions.toLua(null).isnil());
        assertEquals(LuaValue.valueOf(5), LuaConversions.toLua(5L));
        assertEquals(5_000_000_000.0, LuaConversions.toLua(5_000_000_000L).todouble());
        assertEquals(LuaValue.valueOf(0.25), LuaConversions.toLua(0.25));
        assertEquals(LuaValue.TRUE, LuaConversions.toLua(true));
        assertEquals("bash", LuaConversions.toLua("bash").tojstring());
        LuaValue bytes = LuaConversions.toLua(new byte[] {'a', 0, (byte) 0xff});
        assertEquals(3, bytes.checkstring().rawlen());
        assertEquals(0xff, bytes.checkstring().luaByte(2));

        LuaValue list = LuaConversions.toLua(List.of(1L, "two"));
        assertEquals(2, list.length());
        assertEquals("two", list.get(2).tojstring());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("pid", 7L);
        event.put("task", Map.of("comm", "sh"));
        LuaValue table = LuaConversions.toLua(event);
        assertEquals(7, table.get("pid").toint());
        assertEquals("sh", table.get("task").get("comm").tojstring());
        assertThrows(IllegalArgumentException.class, () -> LuaConversions.toLua(new Object()));
    }

    @Test
    void luaToJava() {
        assertNull(LuaConversions.toJava(LuaValue.NIL));
        assertEquals(3L, LuaConversions.toJava(LuaValue.valueOf(3)));
        assertEquals(3L, LuaConversions.toJava(LuaValue.valueOf(3.0)));
        assertEquals(8_000_000_000L, LuaConversions.toJava(LuaValue.valueOf(8e9)));
        assertEquals(2.5, LuaConversions.toJava(LuaValue.valueOf(2.5)));
        assertEquals(false, LuaConversions.toJava(LuaValue.FALSE));
        assertEquals("é", LuaConversions.toJava(LuaValue.valueOf("é".getBytes(StandardCharsets.UTF_8))));

        LuaTable array = LuaValue.listOf(new LuaValue[] {LuaValue.valueOf("a"), LuaValue.valueOf(1)});
        assertEquals(List.of("a", 1L), LuaConversions.toJava(array));

        LuaTable struct = new LuaTable();
        struct.set("pid", 1);
        struct.set("comm", "x");
        struct.set(2, "two");
        Object map = LuaConversions.toJava(struct);
        assertInstanceOf(Map.class, map);
        assertEquals(List.of(2L, "comm", "pid"), List.copyOf(((Map<?, ?>) map).keySet()));
        assertEquals(Map.of(), LuaConversions.toJava(new LuaTable()));

        LuaFunction fn = new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return NIL;
            }
        };
        assertEquals(fn, LuaConversions.toJava(fn));
    }

    @Test
    void cyclesFailStrictlyAndPrintLeniently() {
        LuaTable t = new LuaTable();
        t.set("self", t);
        assertThrows(LuaError.class, () -> LuaConversions.toJava(t));
        assertEquals(Map.of("self", "<cycle>"), LuaConversions.toDisplayJava(t));
    }

    @Test
    void roundTripKeepsShape() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of(1L, 2L));
        value.put("b", Map.of("c", true));
        assertEquals(value, LuaConversions.toJava(LuaConversions.toLua(value)));
    }
}
