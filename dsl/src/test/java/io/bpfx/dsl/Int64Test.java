package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfx.engine.btf.JavaValues;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutEncoder;
import io.bpfx.engine.BpfxException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** Exact 64-bit integers: the conversion at each boundary, and what Lua can do with them. */
class Int64Test {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @TempDir
    Path dir;

    private final LuaValues values = new LuaValues();

    /** Boundaries as (bits, unsigned, exact decimal). */
    private static final Object[][] BOUNDARIES = {
            {(1L << 31) - 1, false, "2147483647"},
            {1L << 31, false, "2147483648"},
            {1L << 32, true, "4294967296"},
            {1L << 53, true, "9007199254740992"},
            {(1L << 53) + 1, true, "9007199254740993"},
            {-(1L << 53) - 1, false, "-9007199254740993"},
            {Long.MAX_VALUE, false, "9223372036854775807"},
            {Long.MIN_VALUE, true, "9223372036854775808"},          // 2^63 as u64
            {-1L, true, "18446744073709551615"},                    // 2^64-1
            {-2L, true, "18446744073709551614"},
            {0xffffffff81234567L, true, "18446744071581156711"},
            {Long.MIN_VALUE, false, "-9223372036854775808"},        // -2^63
            {-1L, false, "-1"},
    };

    private LuaValue decoded(long bits, boolean unsigned) {
        return unsigned && bits < 0 ? values.ofUnsignedLong(bits) : values.ofLong(bits);
    }

    @Test
    void decodedValuesAreExactAndCanonical() {
        for (Object[] b : BOUNDARIES) {
            long bits = (Long) b[0];
            boolean unsigned = (Boolean) b[1];
            LuaValue v = decoded(bits, unsigned);
            assertEquals(b[2], v.tojstring(), "tostring of " + b[2]);
            BigInteger exact = new BigInteger((String) b[2]);
            boolean small = exact.abs().compareTo(BigInteger.ONE.shiftLeft(53)) <= 0;
            assertEquals(small, v.type() == LuaValue.TNUMBER, b[2] + " is a plain number iff |v| <= 2^53");
            // back to Java (what map:get and set_values send to the encoder) without loss
            Object java = LuaConversions.toJava(v);
            assertEquals(exact, java instanceof BigInteger big ? big : BigInteger.valueOf((Long) java), "toJava " + b[2]);
            // the engine's Java values agree and come back as the same Lua value
            Object engine = unsigned && bits < 0 ? JavaValues.INSTANCE.ofUnsignedLong(bits) : JavaValues.INSTANCE.ofLong(bits);
            assertTrue(LuaConversions.toLua(engine).raweq(v), "engine value " + engine);
        }
        assertEquals(LuaInteger.valueOf(7), LuaConversions.toLua(7L));
        assertInstanceOf(LuaInt64.class, LuaConversions.toLua(TWO_64.subtract(BigInteger.ONE)));
        assertEquals(new BigInteger("18446744073709551615"), LuaConversions.toJava(LuaConversions.toLua(TWO_64.subtract(BigInteger.ONE))));
    }

    @Test
    void encoderTakesTheFullRangeAndNamesTheFieldWhenOutOfRange() {
        Layout u64 = new Layout.IntLayout(8, false, false, false);
        Layout s64 = new Layout.IntLayout(8, true, false, false);
        Layout.StructLayout struct = new Layout.StructLayout("ev", List.of(
                new Layout.Field("addr", 0, u64, 0, 0), new Layout.Field("neg", 8, s64, 0, 0)), 16, false);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("addr", LuaConversions.toJava(LuaInt64.of(-1L, true)));
        in.put("neg", LuaConversions.toJava(LuaInt64.of(Long.MIN_VALUE, false)));
        ByteBuffer b = ByteBuffer.wrap(LayoutEncoder.encode(struct, in)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1L, b.getLong(0));
        assertEquals(Long.MIN_VALUE, b.getLong(8));
        Map<String, Object> tooBig = Map.of("neg", LuaConversions.toJava(LuaInt64.of(Long.MIN_VALUE, true)));
        BpfxException e = assertThrows(BpfxException.class, () -> LayoutEncoder.encode(struct, tooBig));
        assertEquals("ev.neg: 9223372036854775808 does not fit s64", e.getMessage());
        Map<String, Object> rounded = Map.of("addr", 0x1p64);
        assertThrows(BpfxException.class, () -> LayoutEncoder.encode(struct, rounded));
    }

    private String run(String source) {
        TestScripts scripts = new TestScripts(dir);
        scripts.load(source);
        return scripts.out();
    }

    @Test
    void constructorsReadStringsAndCastLikeC() {
        assertEquals("18446744071581156711\n", run("print(u64('0xffffffff81234567'))"));
        assertEquals("18446744073709551615\n", run("print(u64(-1))"));
        assertEquals("-1\n", run("print(s64('0xffffffffffffffff'))"));
        assertEquals("-9223372036854775808\n", run("print(s64('-9223372036854775808'))"));
        assertEquals("number\tuserdata\n", run("print(type(u64('9007199254740992')), type(u64('9007199254740993')))"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> run("u64('18446744073709551616')"));
        assertTrue(e.getMessage().contains("u64(): 18446744073709551616 is outside [-2^63, 2^64-1]"), e.getMessage());
        assertThrows(RuntimeException.class, () -> run("u64('12abc')"));
        assertThrows(RuntimeException.class, () -> run("u64(1.5)"));
    }

    @Test
    void comparesAddsAndFormatsExactly() {
        String script = """
                local a = u64('0xffffffff81234567')
                local b = u64('18446744071581156711')
                print(a == b, a ~= b, a < b, a <= b, a > 1, 1 < a, a < 1e30, -1 < a, a == 18446744071581157376)
                print(a + 1, a - 1, 1 + a, a - a, a - u64('0xffffffff81234560'))
                print(string.format('%x %X %d %u', a, a, a, a))
                print(string.format('%d %u %x', s64(-2), s64(-2), s64(-2)), ('%5d|%-22u|'):format(3, u64(-1)))
                print('addr=' .. a, a .. '!', 'x' .. a .. 'y')
                print(tostring(a), #tostring(a), tonumber(a) == 2^64 - 0x7edcba99)
                local t = { [a] = 'kernel' }
                print(t[b], t[u64('0xffffffff81234567')], t[18446744071581156711])
                local big = { [u64(2^60)] = 'x' }
                print(big[2^60], u64(2^60) == 2^60)
                print({ addr = a, small = 5, neg = s64('-9223372036854775808') })
                print(a % 4096, u64(-1) % 10, s64(-7) % 3)
                """;
        assertEquals("""
                true\tfalse\tfalse\ttrue\ttrue\ttrue\ttrue\ttrue\tfalse
                18446744071581156712\t18446744071581156710\t18446744071581156712\t0\t7
                ffffffff81234567 FFFFFFFF81234567 18446744071581156711 18446744071581156711
                -2 18446744073709551614 fffffffffffffffe\t    3|18446744073709551615  |
                addr=18446744071581156711\t18446744071581156711!\tx18446744071581156711y
                18446744071581156711\t20\ttrue
                kernel\tkernel\tnil
                x\ttrue
                { addr = 18446744071581156711, neg = -9223372036854775808, small = 5 }
                1383\t5\t2
                """, run(script));
    }

    @Test
    void overflowIsAnError() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> run("local x = u64(-1) + 1"));
        assertTrue(e.getMessage().contains("integer overflow: 18446744073709551615 + 1 = 18446744073709551616"), e.getMessage());
        assertThrows(RuntimeException.class, () -> run("local x = s64('-9223372036854775808') - 1"));
        assertEquals("9223372036854775808\n", run("print(s64('-9223372036854775808') * -1)"));
    }

    @Test
    void jsonWritesUnsignedExactlyAsNumbers() {
        TestScripts scripts = new TestScripts(dir, true);
        scripts.load("print({ addr = u64('0xffffffff81234567'), neg = s64('-9223372036854775808'), small = 5 })");
        assertEquals("{\"addr\":18446744071581156711,\"neg\":-9223372036854775808,\"small\":5}\n", scripts.out());
        assertEquals("[18446744073709551615,-1]", JsonWriter.write(List.of(TWO_64.subtract(BigInteger.ONE), -1L)));
    }

    @Test
    void sortingAndTableOrderAreExact() {
        assertEquals("{ 9007199254740993, 18446744071581156711, 18446744073709551615 }\n",
                run("print(sort({ u64(-1), u64('0xffffffff81234567'), u64('9007199254740993') }))"));
        LuaTable t = new LuaTable();
        t.rawset(LuaInt64.of(-1L, true), LuaValue.valueOf("max"));
        assertFalse(t.rawget(LuaValue.valueOf(0x1p64)).isstring());   // 2^64 as a double is not 2^64-1
    }
}
