package io.bpfx.engine.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Test-only: writes BTF blobs type by type, to test shapes clang does not emit for our objects, and corruption. */
final class BtfBlobBuilder {
    static final int SIGNED = 1, CHAR = 2, BOOL = 4;

    record M(String name, int type, int bitOffset, int bitSize) {}

    private final ByteOrder order;
    private final int firstStrOff;
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int nextId;

    BtfBlobBuilder() {
        this(1, 0, ByteOrder.LITTLE_ENDIAN);
    }

    /** For split BTF: ids start at {@code firstId}, string offsets at {@code firstStrOff}. */
    BtfBlobBuilder(int firstId, int firstStrOff, ByteOrder order) {
        this.nextId = firstId;
        this.firstStrOff = firstStrOff;
        this.order = order;
        strings.write(0);
        stringOffsets.put("", 0);
    }

    int stringsEnd() {
        return firstStrOff + strings.size();
    }

    int str(String s) {
        if (s.isEmpty()) return 0;
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = firstStrOff + strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    private void u32(int v) {
        ByteBuffer b = ByteBuffer.allocate(4).order(order).putInt(v);
        types.writeBytes(b.array());
    }

    /** A raw type record; returns its id. */
    int raw(String name, BtfKind kind, int vlen, boolean kflag, int sizeOrType, int... extra) {
        u32(str(name));
        u32((kflag ? 1 << 31 : 0) | kind.ordinal() << 24 | vlen);
        u32(sizeOrType);
        for (int e : extra) u32(e);
        return nextId++;
    }

    int intType(String name, int size, int encoding) {
        return raw(name, BtfKind.INT, 0, false, size, encoding << 24 | 8 * size);
    }

    int ptr(int type) {
        return raw("", BtfKind.PTR, 0, false, type);
    }

    int array(int elem, int index, int count) {
        return raw("", BtfKind.ARRAY, 0, false, 0, elem, index, count);
    }

    int struct(String name, int size, M... members) {
        return composite(BtfKind.STRUCT, name, size, members);
    }

    int union(String name, int size, M... members) {
        return composite(BtfKind.UNION, name, size, members);
    }

    private int composite(BtfKind kind, String name, int size, M... members) {
        boolean kflag = false;
        for (M m : members) kflag |= m.bitSize() != 0;
        int[] extra = new int[3 * members.length];
        for (int i = 0; i < members.length; i++) {
            M m = members[i];
            extra[3 * i] = str(m.name());
            extra[3 * i + 1] = m.type();
            extra[3 * i + 2] = kflag ? m.bitSize() << 24 | m.bitOffset() : m.bitOffset();
        }
        return raw(name, kind, members.length, kflag, size, extra);
    }

    /** An ENUM; {@code names[i]} has value {@code values[i]}. */
    int enumType(String name, int size, boolean signed, String[] names, int[] values) {
        int[] extra = new int[2 * names.length];
        for (int i = 0; i < names.length; i++) {
            extra[2 * i] = str(names[i]);
            extra[2 * i + 1] = values[i];
        }
        return raw(name, BtfKind.ENUM, names.length, signed, size, extra);
    }

    int enum64(String name, boolean signed, String[] names, long[] values) {
        int[] extra = new int[3 * names.length];
        for (int i = 0; i < names.length; i++) {
            extra[3 * i] = str(names[i]);
            extra[3 * i + 1] = (int) values[i];
            extra[3 * i + 2] = (int) (values[i] >>> 32);
        }
        return raw(name, BtfKind.ENUM64, names.length, signed, 8, extra);
    }

    int typedef(String name, int type) {
        return raw(name, BtfKind.TYPEDEF, 0, false, type);
    }

    int qualifier(BtfKind kind, int type) {
        return raw("", kind, 0, false, type);
    }

    int var(String name, int type) {
        return raw(name, BtfKind.VAR, 0, false, type, 1);
    }

    /** A DATASEC; {@code entries} holds (var id, offset, size) triples. */
    int datasec(String name, int size, int... entries) {
        return raw(name, BtfKind.DATASEC, entries.length / 3, false, size, entries);
    }

    int floatType(String name, int size) {
        return raw(name, BtfKind.FLOAT, 0, false, size);
    }

    byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(order);
        b.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24);
        b.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.put(t).put(s);
        return b.array();
    }
}
