package io.bpfx.engine.btf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static io.bpfx.engine.btf.BtfBlobBuilder.M;
import static org.junit.jupiter.api.Assertions.*;

/** Split BTF (as kernel modules ship it), big-endian blobs and longer headers. */
class BtfSplitAndByteOrderTest {
    @Test
    void splitBtfContinuesIdsAndStringsOfItsBase() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int u32 = b.intType("unsigned int", 4, 0);
        int base = b.struct("base_thing", 4, new M("count", u32, 0, 0));
        Btf baseBtf = Btf.parse(b.build());
        assertEquals(3, baseBtf.typeCount());

        BtfBlobBuilder s = new BtfBlobBuilder(baseBtf.typeCount(), b.stringsEnd(), ByteOrder.LITTLE_ENDIAN);
        int arr = s.array(u32, u32, 2);
        // "count" was interned by the base builder: reuse that offset, as pahole does for module BTF
        int mod = s.raw("mod_thing", BtfKind.STRUCT, 3, false, 16,
                b.str("count"), u32, 0,
                s.str("pair"), arr, 32,
                s.str("base"), base, 96);
        assertEquals(3, arr);
        assertEquals(4, mod);

        Btf split = Btf.parse(s.build(), baseBtf);
        assertSame(baseBtf, split.base());
        assertEquals(5, split.typeCount());
        assertEquals(base, split.findType("base_thing", BtfKind.STRUCT).orElseThrow());
        assertEquals(mod, split.findType("mod_thing", BtfKind.STRUCT).orElseThrow());
        assertEquals(List.of("base_thing", "mod_thing"), split.structNames());
        assertEquals("unsigned int", split.type(u32).name());
        assertSame(baseBtf.layout(base), split.layout(base), "base ids use the base's cached layouts");

        Layout.StructLayout l = (Layout.StructLayout) split.structLayout("mod_thing");
        assertEquals(List.of("count", "pair", "base"), l.fields().stream().map(Layout.Field::name).toList());
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putInt(4, 2).putInt(8, 3)
                .putInt(12, 4);
        assertEquals(Map.of("count", 1L, "pair", List.of(2L, 3L), "base", Map.of("count", 4L)),
                LayoutDecoder.decode(l, buf, 0));
    }

    @Test
    void bigEndianBlobsParseToTheSameTypes() {
        BtfBlobBuilder le = new BtfBlobBuilder(1, 0, ByteOrder.LITTLE_ENDIAN);
        BtfBlobBuilder be = new BtfBlobBuilder(1, 0, ByteOrder.BIG_ENDIAN);
        for (BtfBlobBuilder b : List.of(le, be)) {
            int s64 = b.intType("long long", 8, BtfBlobBuilder.SIGNED);
            int color = b.enumType("color", 4, false, new String[] {"RED", "GREEN"}, new int[] {1, 2});
            int big = b.enum64("big", false, new String[] {"HUGE"}, new long[] {0xfedcba9876543210L});
            b.struct("s", 24, new M("v", s64, 0, 0), new M("c", color, 64, 0), new M("h", big, 128, 0));
        }
        byte[] beRaw = be.build();
        assertEquals((byte) 0xeb, beRaw[0]);
        Btf fromLe = Btf.parse(le.build());
        Btf fromBe = Btf.parse(beRaw);
        assertEquals(fromLe.structLayout("s"), fromBe.structLayout("s"));
        for (int id = 1; id < fromLe.typeCount(); id++) assertEquals(fromLe.type(id), fromBe.type(id));
        BtfType.EnumType big = (BtfType.EnumType) fromBe.type(fromBe.findType("big", BtfKind.ENUM64).orElseThrow());
        assertEquals(0xfedcba9876543210L, big.values().get(0).value());
    }

    @Test
    void longerHeadersAreSkipped() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        b.intType("int", 4, BtfBlobBuilder.SIGNED);
        byte[] raw = b.build();
        // the same blob with a 32-byte header (a newer header with fields we do not know, zero)
        byte[] longer = new byte[raw.length + 8];
        System.arraycopy(raw, 0, longer, 0, 24);
        System.arraycopy(raw, 24, longer, 32, raw.length - 24);
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 32);
        Btf btf = Btf.parse(longer);
        assertEquals(new BtfType.IntType("int", 4, true, false, false, 0, 32), btf.type(1));
    }
}
