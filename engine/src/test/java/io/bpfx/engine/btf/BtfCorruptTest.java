package io.bpfx.engine.btf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import static io.bpfx.engine.btf.BtfBlobBuilder.M;
import static org.junit.jupiter.api.Assertions.*;

/** Bad BTF must fail with CorruptObject and a message saying what is wrong, never with another exception. */
class BtfCorruptTest {
    private static String corrupt(byte[] raw) {
        return assertThrows(BpfxException.CorruptObject.class, () -> Btf.parse(raw)).getMessage();
    }

    private static byte[] patchInt(byte[] raw, int at, int v) {
        byte[] copy = raw.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return copy;
    }

    private static byte[] oneInt() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        b.intType("int", 4, BtfBlobBuilder.SIGNED);
        return b.build();
    }

    @Test
    void headerProblems() {
        assertEquals("corrupt BTF: blob of 0 bytes is too short for a header", corrupt(new byte[0]));
        assertEquals("corrupt BTF: blob of 0 bytes is too short for a header", corrupt(null));
        byte[] ok = oneInt();
        byte[] magic = ok.clone();
        magic[0] = 0x12;
        magic[1] = 0x34;
        assertEquals("corrupt BTF: bad magic 0x1234, expected 0xeb9f", corrupt(magic));
        byte[] version = ok.clone();
        version[2] = 2;
        assertEquals("corrupt BTF: unsupported version 2, expected 1", corrupt(version));
        assertTrue(corrupt(patchInt(ok, 4, 1000)).startsWith("corrupt BTF: header length 1000 "));
        assertTrue(corrupt(patchInt(ok, 4, 8)).startsWith("corrupt BTF: header length 8 "));
        assertEquals("corrupt BTF: type section offset 2 is not 4-byte aligned",
                corrupt(patchInt(patchInt(ok, 8, 2), 12, 0)));
    }

    @Test
    void everyTruncationOfARealBlobIsCaught() {
        byte[] raw = BtfFixtures.objectBtf("maps_test.bpf.o");
        Btf.parse(raw);
        for (int len = 0; len < raw.length; len++) {
            byte[] cut = Arrays.copyOf(raw, len);
            BpfxException.CorruptObject e = assertThrows(BpfxException.CorruptObject.class, () -> Btf.parse(cut),
                    "truncated to " + len);
            assertTrue(e.getMessage().startsWith("corrupt BTF: "), e.getMessage());
        }
        String msg = corrupt(Arrays.copyOf(raw, raw.length - 100));
        assertTrue(msg.contains("runs past the end") && msg.contains("truncated?"), msg);
    }

    @Test
    void typeSectionProblems() {
        byte[] ok = oneInt();   // header 24 + one INT record of 16 bytes, then strings
        assertEquals("corrupt BTF: type #1 (INT) is cut off by the end of the type section", corrupt(patchInt(ok, 12, 12)));
        assertEquals("corrupt BTF: type #1 at byte 24 is cut off by the end of the type section",
                corrupt(patchInt(ok, 12, 8)));
        assertEquals("corrupt BTF: type #1 has unknown kind 25", corrupt(patchInt(ok, 24 + 4, 25 << 24)));
        assertEquals("corrupt BTF: type #1 has unknown kind 0", corrupt(patchInt(ok, 24 + 4, 0)));
        assertEquals("corrupt BTF: type #1 names string offset 999, past the end of the string section (5 bytes)",
                corrupt(patchInt(ok, 24, 999)));
        assertEquals("corrupt BTF: type #1 (INT) has size 4 with 40 bits at offset 0",
                corrupt(patchInt(ok, 24 + 12, 40)));

        BtfBlobBuilder b = new BtfBlobBuilder();
        b.ptr(7);
        assertEquals("corrupt BTF: type #1 refers to type id 7, but ids end at 1", corrupt(b.build()));

        byte[] noNul = oneInt();
        noNul[noNul.length - 1] = 'x';
        assertEquals("corrupt BTF: string section is not NUL-terminated", corrupt(noNul));
        byte[] noEmpty = oneInt();
        noEmpty[24 + 16] = 'x';
        assertEquals("corrupt BTF: string section must start with an empty string", corrupt(noEmpty));

        BtfBlobBuilder neg = new BtfBlobBuilder();
        neg.struct("s", -8);
        assertEquals("corrupt BTF: type #1 (STRUCT) has size 4294967288", corrupt(neg.build()));
    }

    @Test
    void referenceCyclesFailWhenFollowed() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        b.typedef("a", 2);
        b.typedef("b", 1);
        b.array(3, 3, 2);   // an array of itself
        Btf btf = Btf.parse(b.build());
        String msg = assertThrows(BpfxException.CorruptObject.class, () -> btf.resolve(1)).getMessage();
        assertEquals("corrupt BTF: typedef/qualifier chain from type #1 is longer than 64 (a cycle?)", msg);
        assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(1));
        msg = assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(3)).getMessage();
        assertTrue(msg.contains("nests more than 256 levels deep"), msg);
    }

    @Test
    void membersThatDoNotFitTheirStruct() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int u32 = b.intType("unsigned int", 4, 0);
        int ptr = b.ptr(u32);
        int small = b.struct("small", 2, new M("x", u32, 0, 0));
        int odd = b.struct("odd", 8, new M("x", u32, 3, 0));
        int ptrBits = b.struct("ptr_bits", 8, new M("p", ptr, 0, 3));
        int wideBits = b.struct("wide_bits", 8, new M("w", u32, 0, 40));
        int pastEnd = b.struct("past_end", 4, new M("x", u32, 30, 4));
        Btf btf = Btf.parse(b.build());
        assertEquals("corrupt BTF: struct small member 'x' (4 bytes at 0) runs past the end of the 2-byte type",
                assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(small)).getMessage());
        assertEquals("corrupt BTF: struct odd member 'x' starts at bit 3, not on a byte boundary",
                assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(odd)).getMessage());
        assertEquals("corrupt BTF: struct ptr_bits bitfield 'p' is not an integer or enum",
                assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(ptrBits)).getMessage());
        assertEquals("corrupt BTF: struct wide_bits bitfield 'w' is 40 bits wide, wider than its 4-byte type",
                assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(wideBits)).getMessage());
        assertEquals("corrupt BTF: struct past_end bitfield 'x' at bit 30 runs past the end of the 4-byte type",
                assertThrows(BpfxException.CorruptObject.class, () -> btf.layout(pastEnd)).getMessage());
    }

    @Test
    void randomDamageNeverEscapesAsAnotherException() {
        Random random = new Random(42);
        for (String obj : new String[] {"maps_test.bpf.o", "events_test.bpf.o"}) {
            byte[] raw = BtfFixtures.objectBtf(obj);
            for (int round = 0; round < 1500; round++) {
                byte[] damaged = raw.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = 24 + random.nextInt(damaged.length - 24);
                    damaged[at] = (byte) random.nextInt(256);
                }
                try {
                    exercise(Btf.parse(damaged));
                } catch (BpfxException.CorruptObject expected) {
                    assertTrue(expected.getMessage().startsWith("corrupt BTF: "), expected.getMessage());
                }
            }
        }
    }

    /** Everything a user of a Btf might do with it. */
    private static void exercise(Btf btf) {
        ByteBuffer zeroes = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int id = 0; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            assertNotNull(t.kind());
            btf.resolve(id);
            Layout l = btf.layout(id);
            if (l.size() <= 4096 && !(t instanceof BtfType.DatasecType)) LayoutDecoder.decode(l, zeroes, 0);
            if (t instanceof BtfType.DatasecType ds) btf.datasecVars(ds.name());
        }
        btf.structNames();
    }
}
