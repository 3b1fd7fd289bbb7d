package io.bpfx.engine.btf;

import static io.bpfx.engine.btf.BtfBlobBuilder.M;

/**
 * Test-only: a blob with shapes our BPF objects lack: bitfields (natural,
 * packed, straddling 8 bytes, old-style INT bits), unions, anonymous
 * members, signed and packed enums, floats, bool, pointers, __int128.
 */
final class HandBuiltBtf {
    final Btf btf;
    final int bits, packed, wide, oldStyle, num, outer, signedEnum, smallEnum, scalars;

    HandBuiltBtf() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int u8 = b.intType("unsigned char", 1, 0);
        int u16 = b.intType("unsigned short", 2, 0);
        int u32 = b.intType("unsigned int", 4, 0);
        int s32 = b.intType("int", 4, BtfBlobBuilder.SIGNED);
        int u64 = b.intType("unsigned long long", 8, 0);
        int bool = b.intType("_Bool", 1, BtfBlobBuilder.BOOL);
        int mode = b.enumType("mode", 4, false, new String[] {"OFF", "ON", "AUTO"}, new int[] {0, 1, 2});
        int f32 = b.floatType("float", 4);
        int f64 = b.floatType("double", 8);
        int i128 = b.intType("__int128", 16, BtfBlobBuilder.SIGNED);
        int idx = b.intType("__ARRAY_SIZE_TYPE__", 4, 0);

        // struct bits { unsigned a:3; int b:5; unsigned c:24; _Bool d:1; enum mode e:2; u64 g:29; }
        bits = b.struct("bits", 8,
                new M("a", u32, 0, 3), new M("b", s32, 3, 5), new M("c", u32, 8, 24),
                new M("d", bool, 32, 1), new M("e", mode, 33, 2), new M("g", u64, 35, 29));
        // struct __attribute__((packed)) packed { u8 x; u16 y:12; u32 z:32 (at bit 20); } (7 bytes)
        packed = b.struct("packed", 7, new M("x", u8, 0, 0), new M("y", u16, 8, 12), new M("z", u32, 20, 32));
        // a u64 bitfield that straddles 9 bytes: struct __attribute__((packed)) wide { u64 v:64 at bit 4; }
        wide = b.struct("wide", 9, new M("lo", u8, 0, 4), new M("v", u64, 4, 64));
        // pre-kind_flag style: the INT itself says 4 bits at bit 0; the member sits at bit 4
        int nibble = b.raw("nibble", BtfKind.INT, 0, false, 1, 4);
        oldStyle = b.struct("old_style", 1, new M("hi", nibble, 4, 0));

        int bytes = b.array(b.typedef("__u8", u8), idx, 4);
        // union num { u32 u; int s; float f; __u8 b[4]; unsigned char c[4]; }
        num = b.union("num", 4, new M("u", u32, 0, 0), new M("s", s32, 0, 0), new M("f", f32, 0, 0),
                new M("b", bytes, 0, 0), new M("c", b.array(u8, idx, 4), 0, 0));
        // struct outer { u32 kind; union { u32 x; u16 y; }; struct { u16 p; u16 q; } named; }
        int anonUnion = b.union("", 4, new M("x", u32, 0, 0), new M("y", u16, 0, 0));
        int anonStruct = b.struct("", 4, new M("p", u16, 0, 0), new M("q", u16, 16, 0));
        outer = b.struct("outer", 12, new M("kind", u32, 0, 0), new M("", anonUnion, 32, 0),
                new M("named", anonStruct, 64, 0));

        signedEnum = b.enumType("sign", 4, true, new String[] {"NEG", "ZERO", "ALIAS"}, new int[] {-1, 0, -1});
        smallEnum = b.enumType("small", 1, false, new String[] {"TOP"}, new int[] {255});

        int ptr = b.ptr(0);
        // struct scalars { float f; double d; _Bool ok; void *p; __int128 big; }
        scalars = b.struct("scalars", 48, new M("f", f32, 0, 0), new M("d", f64, 64, 0), new M("ok", bool, 128, 0),
                new M("p", ptr, 192, 0), new M("big", i128, 256, 0));
        btf = Btf.parse(b.build());
    }

    Layout.StructLayout struct(int id) {
        return (Layout.StructLayout) btf.layout(id);
    }
}
