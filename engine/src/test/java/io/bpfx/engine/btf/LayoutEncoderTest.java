package io.bpfx.engine.btf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LayoutEncoderTest {
    private static Btf maps;
    private static Btf events;
    private static HandBuiltBtf hand;
    private static Layout key;
    private static Layout value;

    @BeforeAll
    static void parse() {
        maps = BtfFixtures.object("maps_test.bpf.o");
        events = BtfFixtures.object("events_test.bpf.o");
        hand = new HandBuiltBtf();
        key = maps.structLayout("big_key");
        value = maps.structLayout("big_value");
    }

    private static Object roundTrip(Layout layout, Object v) {
        byte[] bytes = LayoutEncoder.encode(layout, v);
        assertEquals(layout.size(), bytes.length);
        return LayoutDecoder.decode(layout, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0);
    }

    private static String error(Layout layout, Object v) {
        return assertThrows(BpfxException.BadInput.class, () -> LayoutEncoder.encode(layout, v)).getMessage();
    }

    @Test
    void bigKeyAndValueRoundTrip() {
        Map<String, Object> k = Map.of("id", 4294967295L, "cookie", -2L, "name", "abcdefgh");   // a u64 given as its bits
        assertEquals(Map.of("id", 4294967295L, "cookie", JavaValues.unsigned(-2L), "name", "abcdefgh"), roundTrip(key, k));
        Map<String, Object> v = Map.of("count", 5L, "delta", -7L, "bytes", List.of(1L, 2L, 255L, 0L), "color", "BLUE",
                "in", Map.of("port", 65535L, "small", -128L), "neg", Long.MIN_VALUE);
        assertEquals(v, roundTrip(value, v));
        Map<String, Object> e = Map.of("pid", 1L, "tid", 2L, "ts", 3L, "comm", "bash", "filename", "/etc/ünïcode",
                "flags", -1L);
        assertEquals(e, roundTrip(events.structLayout("event"), e));
    }

    @Test
    void exactBytes() {
        byte[] b = LayoutEncoder.encode(key, Map.of("id", 0x01020304, "cookie", 0x1122334455667788L, "name", "ab"));
        assertArrayEquals(new byte[] {4, 3, 2, 1, 0, 0, 0, 0, (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
                'a', 'b', 0, 0, 0, 0, 0, 0}, b);
    }

    @Test
    void missingFieldsAndItemsAreZeroAndOtherJavaTypesWork() {
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("delta", (short) -3);
        partial.put("bytes", List.of(9));                 // the rest of the array is zero
        partial.put("color", 2);                          // enum by number
        partial.put("in", Map.of("small", (byte) 5));
        partial.put("neg", null);
        assertEquals(Map.of("count", 0L, "delta", -3L, "bytes", List.of(9L, 0L, 0L, 0L), "color", "GREEN",
                "in", Map.of("port", 0L, "small", 5L), "neg", 0L), roundTrip(value, partial));

        assertEquals(List.of(1L, 2L, 3L, 4L),
                ((Map<?, ?>) roundTrip(value, Map.of("bytes", new byte[] {1, 2, 3, 4}))).get("bytes"));
        assertEquals(7L, ((Map<?, ?>) roundTrip(value, Map.of("count", 7.0))).get("count"));   // a whole double
        assertArrayEquals(new byte[32], LayoutEncoder.encode(value, null));
    }

    @Test
    void unsignedTopBit() {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertEquals(max, ((Map<?, ?>) roundTrip(key, Map.of("cookie", max))).get("cookie"));
        assertEquals(JavaValues.unsigned(Long.MIN_VALUE), ((Map<?, ?>) roundTrip(key, Map.of("cookie", Long.MIN_VALUE))).get("cookie"));
        assertEquals("big_key.cookie: 18446744073709551616 does not fit u64",
                error(key, Map.of("cookie", max.add(BigInteger.ONE))));
        // u32 accepts -1 (its bits) and 2^32-1 alike
        assertEquals(4294967295L, ((Map<?, ?>) roundTrip(key, Map.of("id", -1))).get("id"));
    }

    @Test
    void errorsNameTheFieldPath() {
        assertEquals("big_key.name: string of 12 bytes does not fit char[8]",
                error(key, Map.of("name", "abcdefghijkl")));
        assertEquals("key.name: string of 12 bytes does not fit char[8]",
                assertThrows(BpfxException.BadInput.class,
                        () -> LayoutEncoder.encode(key, Map.of("name", "abcdefghijkl"), "key")).getMessage());
        assertEquals("big_value.in.port: 70000 does not fit u16",
                error(value, Map.of("in", Map.of("port", 70000))));
        assertEquals("big_value.in.small: -129 does not fit s8",
                error(value, Map.of("in", Map.of("small", -129))));
        assertEquals("big_value.bytes: 5 items do not fit u8[4]",
                error(value, Map.of("bytes", List.of(1, 2, 3, 4, 5))));
        assertEquals("big_value.bytes[1]: 256 does not fit u8",
                error(value, Map.of("bytes", List.of(1, 256))));
        assertEquals("big_key: struct big_key has no field 'nme' (fields: id, cookie, name)",
                error(key, Map.of("nme", "x")));
        assertEquals("big_value.delta: expected s32, got string \"x\"", error(value, Map.of("delta", "x")));
        assertEquals("big_value.delta: 1.5 is not a whole number, as s32 needs", error(value, Map.of("delta", 1.5)));
        assertEquals("big_value.color: 'PURPLE' is not one of RED, GREEN, BLUE", error(value, Map.of("color", "PURPLE")));
        assertEquals("big_value.in: expected a map of fields for struct inner, got Long 3", error(value, Map.of("in", 3L)));
        assertEquals("big_value.bytes: expected a list for u8[4], got string \"abcd\"", error(value, Map.of("bytes", "abcd")));
        assertEquals("big_key: expected a map of fields for struct big_key, got Integer 1", error(key, 1));
    }

    @Test
    void encodesIntoABufferAtAnOffsetTouchingOnlyItsBytes() {
        Layout inner = maps.structLayout("inner");
        ByteBuffer b = ByteBuffer.allocate(12);   // big-endian: written little-endian regardless
        Arrays.fill(b.array(), (byte) 0x55);
        b.position(1);
        LayoutEncoder.encode(inner, Map.of("port", 0x1234), b, 4);
        assertEquals(1, b.position());
        assertArrayEquals(new byte[] {0x55, 0x55, 0x55, 0x55, 0x34, 0x12, 0, 0, 0x55, 0x55, 0x55, 0x55}, b.array());
        assertThrows(IndexOutOfBoundsException.class, () -> LayoutEncoder.encode(inner, Map.of(), b, 9));
    }

    @Test
    void bitfieldsRoundTripWithoutDisturbingNeighbours() {
        Layout.StructLayout bits = hand.struct(hand.bits);
        Map<String, Object> v = Map.of("a", 5L, "b", -3L, "c", 0xabcdefL, "d", true, "e", "AUTO", "g", 0x1234567L);
        assertEquals(v, roundTrip(bits, v));
        long raw = ByteBuffer.wrap(LayoutEncoder.encode(bits, v)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(5L | (-3L & 0x1f) << 3 | 0xabcdefL << 8 | 1L << 32 | 2L << 33 | 0x1234567L << 35, raw);

        Map<String, Object> onlyB = Map.of("b", -1L);
        assertEquals(Map.of("a", 0L, "b", -1L, "c", 0L, "d", false, "e", "OFF", "g", 0L), roundTrip(bits, onlyB));
        assertEquals("bits.a: 8 does not fit a 3-bit bitfield", error(bits, Map.of("a", 8)));
        assertEquals("bits.b: -17 does not fit a 5-bit bitfield", error(bits, Map.of("b", -17)));

        Map<String, Object> p = Map.of("x", 0x7fL, "y", 0xabcL, "z", 0xdeadbeefL);
        assertEquals(p, roundTrip(hand.struct(hand.packed), p));
        Map<String, Object> w = Map.of("lo", 0xaL, "v", 0xf123456789abcdefL);
        assertEquals(Map.of("lo", 0xaL, "v", JavaValues.unsigned(0xf123456789abcdefL)), roundTrip(hand.struct(hand.wide), w));
        assertEquals(Map.of("hi", 0xcL), roundTrip(hand.struct(hand.oldStyle), Map.of("hi", 12)));
    }

    @Test
    void unionsAnonymousMembersScalarsAndOpaque() {
        assertEquals(1.0, ((Map<?, ?>) roundTrip(hand.struct(hand.num), Map.of("f", 1.0f))).get("f"));
        assertEquals(Map.of("kind", 1L, "x", 7L, "y", 7L, "named", Map.of("p", 2L, "q", 0L)),
                roundTrip(hand.struct(hand.outer), Map.of("kind", 1, "x", 7, "named", Map.of("p", 2))));

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("f", 1.5);
        s.put("d", -2.25);
        s.put("ok", true);
        s.put("p", 0xffff888000001000L);
        s.put("big", new byte[16]);
        Map<?, ?> got = (Map<?, ?>) roundTrip(hand.struct(hand.scalars), s);
        assertEquals(1.5, got.get("f"));
        assertEquals(-2.25, got.get("d"));
        assertEquals(true, got.get("ok"));
        assertEquals(JavaValues.unsigned(0xffff888000001000L), got.get("p"));
        assertEquals("scalars.big: 16 opaque bytes needs exactly 16 bytes, got 3",
                error(hand.struct(hand.scalars), Map.of("big", new byte[3])));
        assertEquals("scalars.big: expected byte[16], got string \"x\"",
                error(hand.struct(hand.scalars), Map.of("big", "x")));

        Layout sign = hand.btf.layout(hand.signedEnum);
        assertEquals("NEG", roundTrip(sign, "NEG"));
        assertEquals(-5L, roundTrip(sign, -5));
        assertEquals("value: 'ALIASX' is not one of NEG, ZERO", error(sign, "ALIASX"));
    }
}
