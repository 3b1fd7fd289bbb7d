package io.bpfx.engine.bcc;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layouts from BCC's descriptors, as libbcc 0.26 prints them (copied from real modules). */
class BccLayoutsTest {
    private static final Layout.IntLayout U32 = new Layout.IntLayout(4, false, false, false);
    private static final Layout.IntLayout U64 = new Layout.IntLayout(8, false, false, false);

    private static List<String> names(Layout.StructLayout s) {
        return s.fields().stream().map(Layout.Field::name).toList();
    }

    private static List<Integer> offsets(Layout.StructLayout s) {
        return s.fields().stream().map(Layout.Field::offset).toList();
    }

    @Test
    void scalars() {
        BccLayouts l = new BccLayouts();
        assertEquals(U32, l.fromDescriptor("\"unsigned int\"", 4, "k"));
        assertEquals(U64, l.fromDescriptor("\"unsigned long long\"", 8, "v"));
        assertEquals(new Layout.IntLayout(4, true, false, false), l.fromDescriptor("\"int\"", 4, "k"));
        assertEquals(new Layout.IntLayout(1, false, true, false), l.fromDescriptor("\"_Bool\"", 1, "k"));
    }

    @Test
    void packedStructWithBccPaddingDecodesByName() {
        BccLayouts l = new BccLayouts();
        Layout k = l.fromDescriptor("[\"key_t\", [[\"pid\",\"unsigned int\"], [\"comm\",\"char\", [16]] ], \"struct_packed\"]", 20, "k");
        Layout.StructLayout s = (Layout.StructLayout) k;
        assertEquals("key_t", s.name());
        assertEquals(List.of("pid", "comm"), names(s));
        assertEquals(List.of(0, 4), offsets(s));
        assertEquals(new Layout.CharArrayLayout(16), s.field("comm").orElseThrow().layout());

        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 4242);
        b.put(4, "openloop".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Map.of("pid", 4242L, "comm", "openloop"), LayoutDecoder.decode(k, b, 0));

        // BCC's __pad_N fields take their space but are not fields
        Layout v = l.fromDescriptor("[\"data_t\", [[\"pid\",\"unsigned int\"], [\"__pad_1\",\"char\",[4]], "
                + "[\"ts\",\"unsigned long long\"], [\"comm\",\"char\", [16]], [\"filename\",\"char\", [256]] ], \"struct_packed\"]",
                288, "v");
        Layout.StructLayout d = (Layout.StructLayout) v;
        assertEquals(List.of("pid", "ts", "comm", "filename"), names(d));
        assertEquals(List.of(0, 8, 16, 32), offsets(d));
        assertEquals(288, d.size());
        // the struct is now known by name (for on_event's type)
        assertEquals(d, l.struct("data_t"));
    }

    @Test
    void nestedStructsArraysOfStructsAndTrailingPadding() {
        BccLayouts l = new BccLayouts();
        String inner = "[\"inner\", [[\"a\",\"unsigned short\"], [\"__pad_1\",\"char\",[6]], [\"b\",\"unsigned long long\"] ], \"struct_packed\"]";
        String desc = "[\"v_t\", [[\"in\"," + inner + "], [\"ins\"," + inner + ", [2]], [\"c\",\"unsigned int\"], "
                + "[\"__pad_3\",\"char\",[4]], [\"p\",\"unsigned long long\"], [\"f\",\"_Bool\"], [\"sc\",\"signed char\"], "
                + "[\"uc\",\"unsigned char\", [4]], [\"cc\",\"char\"], [\"__pad_4\",\"char\",[1]], "
                + "[\"big\",\"unsigned long long\"] ], \"struct_packed\"]";
        Layout.StructLayout s = (Layout.StructLayout) l.fromDescriptor(desc, 80, "v");
        assertEquals(List.of("in", "ins", "c", "p", "f", "sc", "uc", "cc", "big"), names(s));
        assertEquals(List.of(0, 16, 48, 56, 64, 65, 66, 70, 72), offsets(s));
        assertEquals(80, s.size());
        Layout.StructLayout in = (Layout.StructLayout) s.field("in").orElseThrow().layout();
        assertEquals(List.of(0, 8), offsets(in));
        assertEquals(new Layout.ArrayLayout(in, 2), s.field("ins").orElseThrow().layout());
        // typedefs are gone in descriptors: unsigned char[] may be u8[], so it stays numbers
        assertEquals(new Layout.ArrayLayout(new Layout.IntLayout(1, false, false, false), 4), s.field("uc").orElseThrow().layout());
    }

    @Test
    void bitfieldsAndAnonymousUnionsFollowTheCLayout() {
        BccLayouts l = new BccLayouts();
        String desc = "[\"bits\", [[\"a\",\"unsigned int\", 3], [\"b\",\"unsigned int\", 5], "
                + "[\"\", [[\"x\",\"unsigned int\"], [\"y\",\"unsigned long long\"] ], \"union\"], [\"arr2\",\"int\", [3]] ], \"struct\"]";
        Layout.StructLayout s = (Layout.StructLayout) l.fromDescriptor(desc, 32, "v");
        assertEquals(List.of("a", "b", "x", "y", "arr2"), names(s));
        assertEquals(List.of(0, 0, 8, 8, 16), offsets(s));
        Layout.Field b = s.field("b").orElseThrow();
        assertEquals(3, b.bitOffset());
        assertEquals(5, b.bitSize());

        ByteBuffer buf = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(0, (byte) (5 | 17 << 3));
        buf.putLong(8, 0x1_0000_0007L);
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) LayoutDecoder.decode(s, buf, 0);
        assertEquals(5L, v.get("a"));
        assertEquals(17L, v.get("b"));
        assertEquals(7L, v.get("x"));
        assertEquals(0x1_0000_0007L, v.get("y"));
    }

    @Test
    void descriptorThatDoesNotAddUpFallsBackToRawBytes() {
        // BCC keeps only the first dimension of int m[3][2]: 12 bytes described, 24 real
        BccLayouts l = new BccLayouts();
        Layout v = l.fromDescriptor("[\"t\", [[\"n\",\"unsigned int\"], [\"m\",\"int\", [3]] ], \"struct\"]", 28, "v");
        assertEquals(new Layout.OpaqueLayout(28), v);
        assertEquals(U64, l.fromDescriptor("[\"t\", [[\"m\",\"int\", [1]] ], \"struct\"]", 8, "v"));
        assertEquals(new Layout.OpaqueLayout(3), l.fromDescriptor("", 3, "v"));
        assertThrows(BpfxException.CorruptObject.class, () -> l.fromDescriptor("[1, 2", 4, "table t's key"));
    }

    @Test
    void eventFieldsAsWritten() {
        BccLayouts l = new BccLayouts();
        Layout.StructLayout s = l.fromEventFields("data_t", List.of("pid#u32", "ts#u64", "comm#char[16]",
                "filename#char[256]", "raw#u8[3]", "c#enum color", "p#void *", "sh#s16", "ul#unsigned long", "flag#bool",
                "m#int [3][2]", "uc#unsigned char[4]"), "x.c: events of table events");
        assertEquals(List.of("pid", "ts", "comm", "filename", "raw", "c", "p", "sh", "ul", "flag", "m", "uc"), names(s));
        assertEquals(List.of(0, 8, 16, 32, 288, 292, 296, 304, 312, 320, 324, 348), offsets(s));
        assertEquals(352, s.size());
        assertEquals(new Layout.CharArrayLayout(16), s.field("comm").orElseThrow().layout());
        // u8[] is numbers, unsigned char[] a string, as with BTF
        assertEquals(new Layout.ArrayLayout(new Layout.IntLayout(1, false, false, false), 3), s.field("raw").orElseThrow().layout());
        assertEquals(new Layout.CharArrayLayout(4), s.field("uc").orElseThrow().layout());
        assertEquals(new Layout.PointerLayout(), s.field("p").orElseThrow().layout());
        assertEquals(new Layout.ArrayLayout(new Layout.ArrayLayout(new Layout.IntLayout(4, true, false, false), 2), 3),
                s.field("m").orElseThrow().layout());
    }

    @Test
    void eventFieldOfANamedStructComesFromTheDescriptors() {
        BccLayouts l = new BccLayouts();
        l.fromDescriptor("[\"inner\", [[\"a\",\"unsigned short\"], [\"__pad_1\",\"char\",[6]], [\"b\",\"unsigned long long\"] ], \"struct_packed\"]",
                16, "k");
        Layout.StructLayout s = l.fromEventFields("", List.of("x#char", "in#struct inner"), "x.c: events of table events");
        assertEquals(List.of(0, 8), offsets(s));
        assertEquals(24, s.size());
        BpfxException e = assertThrows(BpfxException.BadInput.class, () -> l.fromEventFields("", List.of(
                "nested#struct (unnamed struct at /virtual/main.c:3:122)"), "x.c: events of table events"));
        assertTrue(e.getMessage().startsWith("x.c: events of table events: cannot decode field 'nested'"), e.getMessage());
        assertNull(l.struct("nope"));
    }
}
