package io.bpfx.engine.btf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

import static io.bpfx.engine.btf.BtfBlobBuilder.M;
import static org.junit.jupiter.api.Assertions.*;

class BtfLookupTest {
    @Test
    void findTypeMatchesNameAndKindAndPrefersTheLowestId() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int u32 = b.intType("unsigned int", 4, 0);
        int fwd = b.raw("thing", BtfKind.FWD, 0, false, 0);
        int first = b.struct("thing", 4, new M("a", u32, 0, 0));
        int second = b.struct("thing", 4, new M("b", u32, 0, 0));
        int typedef = b.typedef("thing_t", first);
        int union = b.union("either", 4, new M("a", u32, 0, 0));
        for (int i = 0; i < 300; i++) b.typedef("filler" + i, u32);   // enough names to share probe chains
        Btf btf = Btf.parse(b.build());

        assertEquals(OptionalInt.of(fwd), btf.findType("thing", BtfKind.FWD));
        assertEquals(OptionalInt.of(first), btf.findType("thing", BtfKind.STRUCT));
        assertNotEquals(second, first);
        assertEquals(OptionalInt.of(typedef), btf.findType("thing_t", BtfKind.TYPEDEF));
        assertEquals(OptionalInt.empty(), btf.findType("thing_t", BtfKind.STRUCT));
        assertEquals(OptionalInt.empty(), btf.findType("thin", BtfKind.STRUCT));
        assertEquals(OptionalInt.empty(), btf.findType("things", BtfKind.STRUCT));
        assertEquals(OptionalInt.empty(), btf.findType("thing\0", BtfKind.STRUCT));
        assertEquals(OptionalInt.empty(), btf.findType("", BtfKind.STRUCT));
        for (int i = 0; i < 300; i++) assertTrue(btf.findType("filler" + i, BtfKind.TYPEDEF).isPresent());

        assertEquals(BtfKind.FWD, btf.kind(fwd));
        assertEquals(BtfKind.VOID, btf.kind(0));
        for (int bad : new int[] {-1, btf.typeCount()}) {
            assertThrows(IllegalArgumentException.class, () -> btf.type(bad));
            assertThrows(IllegalArgumentException.class, () -> btf.kind(bad));
            assertThrows(IllegalArgumentException.class, () -> btf.layout(bad));
        }

        assertEquals(List.of("thing"), btf.structNames());
        assertEquals("a", ((Layout.StructLayout) btf.structLayout("thing")).fields().get(0).name());
        // structLayout falls back to unions and to typedefs of structs
        assertTrue(((Layout.StructLayout) btf.structLayout("either")).union());
        assertSame(btf.layout(first), btf.structLayout("thing_t"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> btf.structLayout("filler1"));
        assertEquals("no struct 'filler1' in BTF", e.getMessage());
    }
}
