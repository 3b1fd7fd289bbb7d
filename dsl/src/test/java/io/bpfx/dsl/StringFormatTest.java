package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/** string.format against what C's printf (and so Lua 5.2) prints. */
class StringFormatTest {
    @TempDir
    Path dir;

    private String format(String args) {
        TestScripts scripts = new TestScripts(dir);
        scripts.load("io.write(string.format(" + args + "))");
        return scripts.out();
    }

    @Test
    void floatsHonourPrecisionWidthAndFlags() {
        assertEquals("3.14", format("'%.2f', 3.14159"));
        assertEquals("  3.1", format("'%5.1f', 3.14159"));
        assertEquals("003.1", format("'%05.1f', 3.14159"));
        assertEquals("-03.1", format("'%05.1f', -3.14159"));
        assertEquals("2.500   |", format("'%-8.3f|', 2.5"));
        assertEquals("+2.000000", format("'%+f', 2"));
        assertEquals("3.", format("'%#.0f', 3"));
        assertEquals("1.234568e+04", format("'%e', 12345.678"));
        assertEquals("1.23E+04", format("'%.2E', 12345.678"));
        assertEquals("inf -inf   INF", format("'%f %f %5F', 1/0, -1/0, 1/0"));
    }

    @Test
    void generalFormatLikeC() {
        assertEquals("0.0001 100000 1e+06 2.5 3.14 2.50000 1e-05 0",
                format("'%g %g %g %g %.3g %#g %g %g', 0.0001, 100000, 1000000, 2.5, 3.14159, 2.5, 0.00001, 0"));
        assertEquals("1.5E+10", format("'%G', 1.5e10"));
    }

    @Test
    void integers() {
        assertEquals("+5| 5|   42|42   |-0042|007|3|-3|10", format("'%+d|% d|%5d|%-5d|%05d|%.3d|%d|%d|%d', 5, 5, 42, 42, -42, 7, 3.7, -3.7, '10'"));
        assertEquals("ff 0XFF 010 0000beef ffffffffffffffff", format("'%x %#X %#o %08x %x', 255, 255, 8, 48879, -1"));
        assertEquals("A", format("'%c', 65"));
        assertEquals("", format("'%.0d', 0"));
    }

    @Test
    void hexFloats() {
        assertEquals("0x1p+0 0x1p-1 0x1.8p+1 0x0p+0", format("'%a %a %a %a', 1, 0.5, 3, 0"));
    }

    @Test
    void stringsPadAndTruncateByBytes() {
        assertEquals("   ab|ab   |ab|nil|3|1.5|100%", format("'%5s|%-5s|%.2s|%s|%s|%s|100%%', 'ab', 'ab', 'abcdef', nil, 3, 1.5"));
        assertEquals("<p>", format("'%s', setmetatable({}, { __tostring = function() return '<p>' end })"));
        assertEquals("\"a\\\"b\\\n\\0\\0012\"", format("'%q', 'a\"b\\n\\0\\0012'"));
    }

    @Test
    void bytesSurviveUnchanged() {
        LuaString result = new StringFormatFunction().invoke(LuaValue.varargsOf(new LuaValue[] {
            LuaString.valueOf(new byte[] {(byte) 0xff, '%', 's', '|', '%', '4', 's'}),
            LuaString.valueOf(new byte[] {(byte) 0xfe}),
            LuaValue.valueOf("é")})).checkstring(1);
        byte[] bytes = new byte[result.rawlen()];
        result.copyInto(0, bytes, 0, bytes.length);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, '|', ' ', ' ', (byte) 0xc3, (byte) 0xa9}, bytes);
    }

    @Test
    void methodSyntaxUsesItToo() {
        assertEquals("1.50 ms", format("('%.2f ms'):format(1.5)"));
    }

    @Test
    void errorsLikeLua() {
        assertEquals("tracer.lua:1: invalid option '%y' to 'format'",
                assertThrows(ScriptError.class, () -> format("'%y', 1")).getMessage());
        assertEquals("tracer.lua:1: bad argument #2 to 'format' (number expected, got string)",
                assertThrows(ScriptError.class, () -> format("'%d', 'x'")).getMessage());
        assertEquals("tracer.lua:1: bad argument #3 to 'format' (no value)",
                assertThrows(ScriptError.class, () -> format("'%d %d', 1")).getMessage());
        assertEquals("tracer.lua:1: invalid format (width or precision too long)",
                assertThrows(ScriptError.class, () -> format("'%123d', 1")).getMessage());
        assertEquals("tracer.lua:1: bad argument #2 to 'format' (not a number in proper range)",
                assertThrows(ScriptError.class, () -> format("'%d', 1/0")).getMessage());
    }
}
