package io.bpfx.engine.btf;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LayoutDecoderTest {
    private static Btf maps;
    private static Btf events;
    private static HandBuiltBtf hand;

    @BeforeAll
    static void parse() {
        maps = BtfFixtures.object("maps_test.bpf.o");
        events = BtfFixtures.object("events_test.bpf.o");
        hand = new HandBuiltBtf();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putString(ByteBuffer b, int at, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) b.put(at + i, bytes[i]);
    }

    @Test
    void bigKeyWithTopBitAndUnterminatedName() {
        ByteBuffer b = le(24);
        b.putInt(0, 0xffffffff).putLong(8, 0x8000000000000001L);
        putString(b, 16, "abcdefgh");   // all 8 bytes, no NUL
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) LayoutDecoder.decode(maps.structLayout("big_key"), b, 0);
        assertEquals(List.of("id", "cookie", "name"), List.copyOf(key.keySet()));
        assertEquals(4294967295L, key.get("id"));
        assertEquals(new java.math.BigInteger("9223372036854775809"), key.get("cookie"));   // exact, never negative
        assertEquals(0x8000000000000001L, ((Number) key.get("cookie")).longValue());      // longValue: the bits
        assertEquals("abcdefgh", key.get("name"));

        putString(b, 16, "ab\0zzzzz");
        assertEquals("ab", ((Map<?, ?>) LayoutDecoder.decode(maps.structLayout("big_key"), b, 0)).get("name"));
    }

    @Test
    void bigValueWithNegativesEnumAndNestedStruct() {
        ByteBuffer b = le(32);
        b.putLong(0, 5).putInt(8, -7);
        b.put(12, (byte) 1).put(13, (byte) 2).put(14, (byte) 0xff).put(15, (byte) 0);
        b.putInt(16, 2);                                 // GREEN
        b.putShort(20, (short) 0xffff).put(22, (byte) -128);
        b.putLong(24, Long.MIN_VALUE);
        Object v = LayoutDecoder.decode(maps.structLayout("big_value"), b, 0);
        assertEquals(Map.of("count", 5L, "delta", -7L, "bytes", List.of(1L, 2L, 255L, 0L), "color", "GREEN",
                "in", Map.of("port", 65535L, "small", -128L), "neg", Long.MIN_VALUE), v);

        b.putInt(16, 3);   // no enumerator has 3
        assertEquals(3L, ((Map<?, ?>) LayoutDecoder.decode(maps.structLayout("big_value"), b, 0)).get("color"));
    }

    @Test
    void oneFieldAloneDecodesAsTheWholeStructDoes() {
        ByteBuffer b = le(40);
        b.putLong(8, 5).putInt(16, -7);
        b.putInt(24, 2);                                 // GREEN
        b.putLong(32, Long.MIN_VALUE);
        LayoutDecoder d = LayoutDecoder.of(maps.structLayout("big_value"));
        Map<?, ?> whole = (Map<?, ?>) d.read(b, 8);
        for (String plain : List.of("count", "delta", "color", "neg")) {
            int i = d.fieldIndex(plain);
            assertTrue(i >= 0, plain);
            assertEquals(whole.get(plain), d.readField(b, 8, i, JavaValues.INSTANCE), plain);
        }
        assertEquals(-1, d.fieldIndex("bytes"));   // a list: callers may change it, so it comes with the table
        assertEquals(-1, d.fieldIndex("in"));      // a nested struct, likewise
        assertEquals(-1, d.fieldIndex("nope"));
        assertEquals(-1, LayoutDecoder.of(((Layout.StructLayout) maps.structLayout("big_value")).fields().get(0).layout()).fieldIndex("count"));
        assertThrows(IndexOutOfBoundsException.class, () -> d.readField(b, 16, 0, JavaValues.INSTANCE));
    }

    @Test
    void eventStrings() {
        ByteBuffer b = le(168);
        b.putInt(0, 42).putInt(4, 43).putLong(8, 123456789L).putInt(160, -1);
        putString(b, 16, "bash");
        putString(b, 32, "/etc/passwd");
        Object v = LayoutDecoder.decode(events.structLayout("event"), b, 0);
        assertEquals(Map.of("pid", 42L, "tid", 43L, "ts", 123456789L, "comm", "bash", "filename", "/etc/passwd",
                "flags", -1L), v);
    }

    @Test
    void decodesAtAnOffsetWithoutMovingTheBufferAndIgnoresItsOrder() {
        Layout inner = maps.structLayout("inner");
        ByteBuffer b = ByteBuffer.allocate(16);   // big-endian by default: decoded as little-endian anyway
        b.put(8, (byte) 0x34).put(9, (byte) 0x12).put(10, (byte) -2);
        b.position(3);
        assertEquals(Map.of("port", 0x1234L, "small", -2L), LayoutDecoder.decode(inner, b, 8));
        assertEquals(3, b.position());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
        assertThrows(IndexOutOfBoundsException.class, () -> LayoutDecoder.decode(inner, b, 13));
    }

    @Test
    void directBuffersDecodeToo() {
        ByteBuffer b = ByteBuffer.allocateDirect(168).order(ByteOrder.LITTLE_ENDIAN);
        putString(b, 16, "systemd");
        assertEquals("systemd", ((Map<?, ?>) LayoutDecoder.decode(events.structLayout("event"), b, 0)).get("comm"));
    }

    @Test
    void bitfieldPlacement() {
        Layout.StructLayout bits = hand.struct(hand.bits);
        assertEquals(new Layout.Field("a", 0, new Layout.IntLayout(4, false, false, false), 0, 3), bits.field("a").orElseThrow());
        assertEquals(new Layout.Field("b", 0, new Layout.IntLayout(4, true, false, false), 3, 5), bits.field("b").orElseThrow());
        assertEquals(new Layout.Field("d", 4, new Layout.IntLayout(1, false, true, false), 0, 1), bits.field("d").orElseThrow());
        Layout.Field e = bits.field("e").orElseThrow();
        assertEquals(4, e.offset());
        assertEquals(1, e.bitOffset());
        assertEquals(2, e.bitSize());
        assertEquals(new Layout.Field("g", 0, new Layout.IntLayout(8, false, false, false), 35, 29), bits.field("g").orElseThrow());

        Layout.StructLayout packed = hand.struct(hand.packed);
        assertEquals(1, packed.field("y").orElseThrow().offset());   // straddles its u16 unit: placed by byte
        assertEquals(0, packed.field("y").orElseThrow().bitOffset());
        assertEquals(2, packed.field("z").orElseThrow().offset());
        assertEquals(4, packed.field("z").orElseThrow().bitOffset());
        assertEquals(new Layout.Field("hi", 0, new Layout.IntLayout(1, false, false, false), 4, 4),
                hand.struct(hand.oldStyle).field("hi").orElseThrow());
    }

    @Test
    void bitfieldValues() {
        long raw = 5L | (-3L & 0x1f) << 3 | 0xabcdefL << 8 | 1L << 32 | 2L << 33 | 0x1234567L << 35;
        ByteBuffer b = le(8).putLong(0, raw);
        assertEquals(Map.of("a", 5L, "b", -3L, "c", 0xabcdefL, "d", true, "e", "AUTO", "g", 0x1234567L),
                LayoutDecoder.decode(hand.struct(hand.bits), b, 0));

        b.putLong(0, 3L << 33);   // e = 3: no enumerator
        assertEquals(3L, ((Map<?, ?>) LayoutDecoder.decode(hand.struct(hand.bits), b, 0)).get("e"));
    }

    @Test
    void packedAndStraddlingBitfields() {
        // x = 0x7f, y = 0xabc, z = 0xdeadbeef: bits 0..7, 8..19, 20..51
        long raw = 0x7fL | 0xabcL << 8 | 0xdeadbeefL << 20;
        ByteBuffer b = le(7);
        for (int i = 0; i < 7; i++) b.put(i, (byte) (raw >>> 8 * i));
        assertEquals(Map.of("x", 0x7fL, "y", 0xabcL, "z", 0xdeadbeefL), LayoutDecoder.decode(hand.struct(hand.packed), b, 0));

        // v = 0xf123456789abcdef at bit 4 of 9 bytes, lo = 0xa
        ByteBuffer w = le(9);
        long v = 0xf123456789abcdefL;
        w.putLong(0, v << 4 | 0xa).put(8, (byte) (v >>> 60));
        List<String> calls = new ArrayList<>();
        Object got = LayoutDecoder.decode(hand.struct(hand.wide), w, 0, new Recording(calls));
        assertEquals("{lo=10, v=u:" + v + "}", got);

        assertEquals(Map.of("hi", 0xcL), LayoutDecoder.decode(hand.struct(hand.oldStyle), le(1).put(0, (byte) 0xc5), 0));
    }

    @Test
    void unionShowsEveryMember() {
        ByteBuffer b = le(4).putInt(0, 0x3f800000);
        Object v = LayoutDecoder.decode(hand.struct(hand.num), b, 0);
        assertTrue(hand.struct(hand.num).union());
        assertEquals(Map.of("u", 0x3f800000L, "s", 0x3f800000L, "f", 1.0, "b", List.of(0L, 0L, 128L, 63L),
                "c", ""), v);   // __u8[4] are numbers, unsigned char[4] a string
        assertEquals(new Layout.CharArrayLayout(4), hand.struct(hand.num).field("c").orElseThrow().layout());

        b.putInt(0, -1);
        Map<?, ?> m = (Map<?, ?>) LayoutDecoder.decode(hand.struct(hand.num), b, 0);
        assertEquals(4294967295L, m.get("u"));
        assertEquals(-1L, m.get("s"));
        assertTrue(Double.isNaN((Double) m.get("f")));
    }

    @Test
    void anonymousMembersFlattenNamedOnesNest() {
        Layout.StructLayout outer = hand.struct(hand.outer);
        assertEquals(List.of("kind", "x", "y", "named"), outer.fields().stream().map(Layout.Field::name).toList());
        assertEquals(4, outer.field("x").orElseThrow().offset());
        assertEquals(4, outer.field("y").orElseThrow().offset());
        ByteBuffer b = le(12).putInt(0, 1).putInt(4, 0x00020003).putShort(8, (short) 7).putShort(10, (short) 9);
        assertEquals(Map.of("kind", 1L, "x", 0x20003L, "y", 3L, "named", Map.of("p", 7L, "q", 9L)),
                LayoutDecoder.decode(outer, b, 0));
        assertEquals("{kind=1, x=131075, y=3, named={p=7, q=9}}",
                LayoutDecoder.decode(outer, b, 0, new Recording(new ArrayList<>())));
    }

    @Test
    void signedAndPackedEnums() {
        Layout.EnumLayout sign = (Layout.EnumLayout) hand.btf.layout(hand.signedEnum);
        assertTrue(sign.signed());
        assertEquals(Map.of(-1L, "NEG", 0L, "ZERO"), sign.names());   // ALIAS shares -1: the first name wins
        assertEquals("NEG", LayoutDecoder.decode(sign, le(4).putInt(0, -1), 0));
        assertEquals(-5L, LayoutDecoder.decode(sign, le(4).putInt(0, -5), 0));

        Layout.EnumLayout small = (Layout.EnumLayout) hand.btf.layout(hand.smallEnum);
        assertEquals(1, small.size());
        assertEquals("TOP", LayoutDecoder.decode(small, le(1).put(0, (byte) 0xff), 0));
        List<String> calls = new ArrayList<>();
        LayoutDecoder.decode(small, le(1).put(0, (byte) 7), 0, new Recording(calls));
        assertEquals(List.of("enum 7 null"), calls);
    }

    @Test
    void floatsBoolPointerAndOpaque() {
        Layout.StructLayout s = hand.struct(hand.scalars);
        assertEquals(new Layout.FloatLayout(4), s.field("f").orElseThrow().layout());
        assertEquals(new Layout.PointerLayout(), s.field("p").orElseThrow().layout());
        assertEquals(new Layout.OpaqueLayout(16), s.field("big").orElseThrow().layout());
        ByteBuffer b = le(48).putFloat(0, 1.5f).putDouble(8, -2.25).put(16, (byte) 1).putLong(24, 0xffff888000001000L);
        for (int i = 0; i < 16; i++) b.put(32 + i, (byte) i);
        Map<?, ?> m = (Map<?, ?>) LayoutDecoder.decode(s, b, 0);
        assertEquals(1.5, m.get("f"));
        assertEquals(-2.25, m.get("d"));
        assertEquals(true, m.get("ok"));
        assertEquals(JavaValues.unsigned(0xffff888000001000L), m.get("p"));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, (byte[]) m.get("big"));

        List<String> calls = new ArrayList<>();
        LayoutDecoder.decode(s, b, 0, new Recording(calls));
        assertTrue(calls.contains("unsigned " + 0xffff888000001000L), calls.toString());
        assertTrue(calls.contains("bool true"), calls.toString());
    }

    @Test
    void compiledDecoderIsReused() {
        Layout key = maps.structLayout("big_key");
        assertSame(LayoutDecoder.of(key), LayoutDecoder.of(key));
        assertSame(key, LayoutDecoder.of(key).layout());
        assertEquals(Map.of("id", 0L, "cookie", 0L, "name", ""), LayoutDecoder.of(key).read(le(24), 0));
    }

    @Test
    void javaValuesStructsAreUnmodifiableFieldOrderedMaps() {
        Layout.StructLayout value = (Layout.StructLayout) maps.structLayout("big_value");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) LayoutDecoder.decode(value, le(32), 0);
        assertEquals(List.of("count", "delta", "bytes", "color", "in", "neg"), List.copyOf(m.keySet()));
        assertEquals(0L, m.get("color"));   // 0 is no enumerator of color
        assertNull(m.get("nope"));
        assertFalse(m.containsKey("nope"));
        assertTrue(m.containsKey("neg"));
        assertThrows(UnsupportedOperationException.class, () -> m.put("count", 1L));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) m.get("bytes")).set(0, 1L));
        Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
        copy.put("count", 1L);
        assertEquals(1L, copy.get("count"));
        assertEquals("{count=0, delta=0, bytes=[0, 0, 0, 0], color=0, in={port=0, small=0}, neg=0}", m.toString());

        // a factory's ofStruct works on any list, not only the decoder's
        Layout.StructLayout inner = (Layout.StructLayout) maps.structLayout("inner");
        assertEquals(Map.of("port", 1L, "small", 2L), JavaValues.INSTANCE.ofStruct(inner, List.of(1L, 2L)));
        assertEquals(List.of(1L), JavaValues.INSTANCE.ofList(new ArrayList<>(List.of(1L))));
        for (long v : new long[] {Long.MIN_VALUE, -129, -128, -1, 0, 127, 128, 1023, 1024, Long.MAX_VALUE}) {
            assertEquals(v, JavaValues.INSTANCE.ofLong(v));
            assertEquals(v, JavaValues.INSTANCE.ofEnum(v, null));
        }
    }

    /** Renders values as strings and logs the factory calls, to see what the walker asked for. */
    static final class Recording implements ValueFactory<String> {
        private final List<String> calls;

        Recording(List<String> calls) { this.calls = calls; }

        public String ofLong(long v) { calls.add("long " + v); return Long.toString(v); }
        public String ofUnsignedLong(long v) { calls.add("unsigned " + v); return "u:" + v; }
        public String ofDouble(double v) { calls.add("double " + v); return Double.toString(v); }
        public String ofBoolean(boolean v) { calls.add("bool " + v); return Boolean.toString(v); }
        public String ofString(String s) { calls.add("string " + s); return '"' + s + '"'; }
        public String ofEnum(long value, String name) { calls.add("enum " + value + " " + name); return name != null ? name : Long.toString(value); }
        public String ofList(List<String> items) { return items.toString(); }
        public String ofBytes(byte[] raw) { calls.add("bytes " + raw.length); return Arrays.toString(raw); }

        public String ofStruct(Layout.StructLayout layout, List<String> values) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(layout.fields().get(i).name()).append('=').append(values.get(i));
            }
            return sb.append('}').toString();
        }
    }

    @Test
    void unnamedValueOfA64BitUnsignedEnumIsExact() {
        Layout.EnumLayout e = new Layout.EnumLayout(8, false, Map.of(1L, "ONE"));
        assertEquals("ONE", LayoutDecoder.decode(e, le(8).putLong(0, 1), 0));
        assertEquals(new java.math.BigInteger("18446744073709551614"), LayoutDecoder.decode(e, le(8).putLong(0, -2), 0));
        assertEquals(-2L, LayoutDecoder.decode(new Layout.EnumLayout(8, true, Map.of(1L, "ONE")), le(8).putLong(0, -2), 0));
    }
}
