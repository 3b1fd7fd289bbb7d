package io.bpfx.engine.btf;

import io.bpfx.engine.BpfxException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * A parsed BTF blob: an object's (from libbpf's {@code btf__raw_data}) or the
 * kernel's ({@code /sys/kernel/btf/vmlinux}). Parsing checks the whole blob
 * (header, record lengths, kinds, type ids, string offsets) but turns types
 * into {@link BtfType} records only when asked, so the kernel's ~130k types
 * cost one scan. Instances are safe to share between threads.
 */
public final class Btf {
    private static final int MAGIC = 0xeB9F;
    private static final int HEADER_SIZE = 24;
    private static final int TYPE_HEADER_SIZE = 12;
    /** Longest typedef/qualifier chain {@link #resolve} follows; the kernel allows 32. */
    private static final int MAX_CHAIN = 64;

    private final ByteBuffer data;          // the blob, in the blob's byte order
    private final Btf base;                 // null unless split BTF
    private final int firstId;              // id of this blob's first type
    private final int[] typeOffsets;        // blob offset of each of this blob's types
    private final int strStart;             // blob offset of the string section
    private final int strLen;
    private final int firstStrOff;          // string offsets below this live in base
    private final BtfType[] types;          // materialized on demand
    private final Layout[] layouts;         // built on demand, guarded by layoutLock for stable identity
    private final Object layoutLock = new Object();
    private final LayoutBuilder layoutBuilder = new LayoutBuilder(this);
    private volatile int[] nameTable;
    private volatile List<String> structNames;

    private Btf(ByteBuffer data, Btf base, int firstId, int[] typeOffsets, int strStart, int strLen, int firstStrOff) {
        this.data = data;
        this.base = base;
        this.firstId = firstId;
        this.typeOffsets = typeOffsets;
        this.strStart = strStart;
        this.strLen = strLen;
        this.firstStrOff = firstStrOff;
        this.types = new BtfType[typeOffsets.length];
        this.layouts = new Layout[typeOffsets.length];
    }

    /** Parses a complete BTF blob. */
    public static Btf parse(byte[] raw) {
        return parse(raw, null);
    }

    /**
     * Parses split BTF (a kernel module's, or any blob built on top of
     * {@code base}): its type ids continue after base's, and string offsets
     * below base's string section size name base strings.
     */
    public static Btf parse(byte[] raw, Btf base) {
        if (raw == null || raw.length < 8) {
            throw corrupt("blob of " + (raw == null ? 0 : raw.length) + " bytes is too short for a header");
        }
        ByteOrder order;
        if ((raw[0] & 0xff) == (MAGIC & 0xff) && (raw[1] & 0xff) == MAGIC >>> 8) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if ((raw[0] & 0xff) == MAGIC >>> 8 && (raw[1] & 0xff) == (MAGIC & 0xff)) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw corrupt(String.format("bad magic 0x%02x%02x, expected 0xeb9f", raw[0] & 0xff, raw[1] & 0xff));
        }
        raw = raw.clone();   // types and names are read from it later: keep our own copy
        ByteBuffer data = ByteBuffer.wrap(raw).order(order);
        if (raw[2] != 1) throw corrupt("unsupported version " + (raw[2] & 0xff) + ", expected 1");
        long hdrLen = Integer.toUnsignedLong(data.getInt(4));
        if (hdrLen < HEADER_SIZE || hdrLen > raw.length) {
            throw corrupt("header length " + hdrLen + " is not within 24.." + raw.length + " (blob size)");
        }
        long typeOff = hdrLen + Integer.toUnsignedLong(data.getInt(8));
        long typeLen = Integer.toUnsignedLong(data.getInt(12));
        long strOff = hdrLen + Integer.toUnsignedLong(data.getInt(16));
        long strLen = Integer.toUnsignedLong(data.getInt(20));
        if (typeOff + typeLen > raw.length) {
            throw corrupt("type section [" + typeOff + ", " + (typeOff + typeLen) + ") runs past the end of the "
                    + raw.length + "-byte blob (truncated?)");
        }
        if (strOff + strLen > raw.length) {
            throw corrupt("string section [" + strOff + ", " + (strOff + strLen) + ") runs past the end of the "
                    + raw.length + "-byte blob (truncated?)");
        }
        if ((typeOff - hdrLen) % 4 != 0) {
            throw corrupt("type section offset " + (typeOff - hdrLen) + " is not 4-byte aligned");
        }
        if (typeOff < strOff + strLen && strOff < typeOff + typeLen) {
            throw corrupt("type and string sections overlap");
        }
        if (base == null && (strLen == 0 || raw[(int) strOff] != 0)) {
            throw corrupt("string section must start with an empty string");
        }
        if (strLen > 0 && raw[(int) (strOff + strLen - 1)] != 0) {
            throw corrupt("string section is not NUL-terminated");
        }
        int firstId = base == null ? 1 : base.typeCount();
        int firstStrOff = base == null ? 0 : base.stringsEnd();
        int[] offsets = scanTypes(data, (int) typeOff, (int) (typeOff + typeLen), firstId);
        Btf btf = new Btf(data, base, firstId, offsets, (int) strOff, (int) strLen, firstStrOff);
        for (int i = 0; i < offsets.length; i++) btf.check(i);
        return btf;
    }

    /** Finds where each type record starts, checking kinds and record lengths. */
    private static int[] scanTypes(ByteBuffer data, int start, int end, int firstId) {
        int[] offsets = new int[Math.max(16, (end - start) / 16)];
        int n = 0;
        int pos = start;
        while (pos < end) {
            int id = firstId + n;
            if (end - pos < TYPE_HEADER_SIZE) {
                throw corrupt("type #" + id + " at byte " + pos + " is cut off by the end of the type section");
            }
            int info = data.getInt(pos + 4);
            BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
            if (kind == null || kind == BtfKind.VOID) {
                throw corrupt("type #" + id + " has unknown kind " + ((info >>> 24) & 0x1f));
            }
            long len = TYPE_HEADER_SIZE + extraSize(kind, info & 0xffff);
            if (pos + len > end) {
                throw corrupt("type #" + id + " (" + kind + ") is cut off by the end of the type section");
            }
            if (n == offsets.length) offsets = Arrays.copyOf(offsets, n * 2);
            offsets[n++] = pos;
            pos += (int) len;
        }
        return Arrays.copyOf(offsets, n);
    }

    /** Bytes that follow the 12-byte common header of a type of this kind. */
    private static int extraSize(BtfKind kind, int vlen) {
        return switch (kind) {
            case INT, VAR, DECL_TAG -> 4;
            case ARRAY -> 12;
            case STRUCT, UNION, DATASEC, ENUM64 -> 12 * vlen;
            case ENUM, FUNC_PROTO -> 8 * vlen;
            default -> 0;
        };
    }

    /** Checks the type ids and string offsets one type refers to, without building it. */
    private void check(int local) {
        int pos = typeOffsets[local];
        int id = firstId + local;
        int info = data.getInt(pos + 4);
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = info & 0xffff;
        int sizeOrType = data.getInt(pos + 8);
        int extra = pos + TYPE_HEADER_SIZE;
        checkString(id, data.getInt(pos));
        switch (kind) {
            case INT -> {
                int enc = data.getInt(extra);
                int bits = enc & 0xff;
                int bitOffset = (enc >>> 16) & 0xff;
                if (sizeOrType <= 0 || sizeOrType > 16 || bits == 0 || (long) bitOffset + bits > 8L * sizeOrType) {
                    throw corrupt("type #" + id + " (INT) has size " + sizeOrType + " with "
                            + bits + " bits at offset " + bitOffset);
                }
            }
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC, VAR, DECL_TAG -> checkTypeRef(id, sizeOrType);
            case ARRAY -> {
                checkTypeRef(id, data.getInt(extra));
                checkTypeRef(id, data.getInt(extra + 4));
            }
            case STRUCT, UNION, DATASEC -> {
                checkSize(id, kind, sizeOrType);
                for (int i = 0; i < vlen; i++) {
                    int m = extra + 12 * i;
                    if (kind == BtfKind.DATASEC) {
                        checkTypeRef(id, data.getInt(m));
                        if (data.getInt(m + 4) < 0 || data.getInt(m + 8) < 0) {
                            throw corrupt("type #" + id + " (DATASEC) places a variable at a negative offset or size");
                        }
                    } else {
                        checkString(id, data.getInt(m));
                        checkTypeRef(id, data.getInt(m + 4));
                    }
                }
            }
            case FLOAT -> checkSize(id, kind, sizeOrType);
            case ENUM, ENUM64 -> {
                checkSize(id, kind, sizeOrType);
                int stride = kind == BtfKind.ENUM ? 8 : 12;
                for (int i = 0; i < vlen; i++) checkString(id, data.getInt(extra + stride * i));
            }
            case FUNC_PROTO -> {
                checkTypeRef(id, sizeOrType);
                for (int i = 0; i < vlen; i++) {
                    checkString(id, data.getInt(extra + 8 * i));
                    checkTypeRef(id, data.getInt(extra + 8 * i + 4));
                }
            }
            default -> { }
        }
    }

    private static void checkSize(int id, BtfKind kind, int size) {
        if (size < 0) throw corrupt("type #" + id + " (" + kind + ") has size " + Integer.toUnsignedString(size));
    }

    private void checkTypeRef(int id, int ref) {
        if (ref < 0 || ref >= typeCount()) {
            throw corrupt("type #" + id + " refers to type id " + Integer.toUnsignedString(ref)
                    + ", but ids end at " + (typeCount() - 1));
        }
    }

    private void checkString(int id, int off) {
        if (off < 0 || off >= stringsEnd() && off != 0) {
            throw corrupt("type #" + id + " names string offset " + Integer.toUnsignedString(off)
                    + ", past the end of the string section (" + stringsEnd() + " bytes)");
        }
    }

    static BpfxException.CorruptObject corrupt(String what) {
        return new BpfxException.CorruptObject("corrupt BTF: " + what);
    }

    /** One past the last string offset this blob (with its base) can name. */
    private int stringsEnd() {
        return firstStrOff + strLen;
    }

    /** The string at {@code off}, "" for 0. */
    String string(int off) {
        if (off == 0) return "";
        if (off < firstStrOff) return base.string(off);
        int start = strStart + off - firstStrOff;
        int end = start;
        byte[] raw = data.array();
        while (raw[end] != 0) end++;   // the section is NUL-terminated, checked at parse
        return new String(raw, start, end - start, StandardCharsets.UTF_8);
    }

    /** Number of type ids, void (0) and base types included: valid ids are 0 .. typeCount() - 1. */
    public int typeCount() {
        return firstId + typeOffsets.length;
    }

    /** The base this split BTF was parsed on, or null. */
    public Btf base() {
        return base;
    }

    /** The type with this id; 0 is void. */
    public BtfType type(int id) {
        if (id == 0) return BtfType.VoidType.INSTANCE;
        checkId(id);
        if (id < firstId) return base.type(id);
        BtfType t = types[id - firstId];
        if (t == null) {
            t = readType(id - firstId);
            types[id - firstId] = t;   // records are immutable: a racing duplicate is harmless
        }
        return t;
    }

    private void checkId(int id) {
        if (id < 0 || id >= typeCount()) {
            throw new IllegalArgumentException("no BTF type id " + id + " (ids are 0.." + (typeCount() - 1) + ")");
        }
    }

    /** The kind of a type, read from the blob without building it. */
    public BtfKind kind(int id) {
        if (id == 0) return BtfKind.VOID;
        checkId(id);
        if (id < firstId) return base.kind(id);
        return BtfKind.ofNumber((data.getInt(typeOffsets[id - firstId] + 4) >>> 24) & 0x1f);
    }

    private BtfType readType(int local) {
        int pos = typeOffsets[local];
        String name = string(data.getInt(pos));
        int info = data.getInt(pos + 4);
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = info & 0xffff;
        boolean kflag = info < 0;
        int sizeOrType = data.getInt(pos + 8);
        int extra = pos + TYPE_HEADER_SIZE;
        return switch (kind) {
            case INT -> {
                int enc = data.getInt(extra);
                int encoding = (enc >>> 24) & 0x0f;
                yield new BtfType.IntType(name, sizeOrType, (encoding & 1) != 0, (encoding & 2) != 0,
                        (encoding & 4) != 0, (enc >>> 16) & 0xff, enc & 0xff);
            }
            case PTR -> new BtfType.PtrType(sizeOrType);
            case ARRAY -> new BtfType.ArrayType(data.getInt(extra), data.getInt(extra + 4), data.getInt(extra + 8));
            case STRUCT, UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = extra + 12 * i;
                    int offset = data.getInt(m + 8);
                    // with kind_flag the offset word packs bitfield size (top 8 bits) and bit offset
                    int bitOffset = kflag ? offset & 0xffffff : offset;
                    int bitfieldSize = kflag ? offset >>> 24 : 0;
                    members.add(new BtfType.Member(string(data.getInt(m)), data.getInt(m + 4), bitOffset, bitfieldSize));
                }
                yield new BtfType.StructType(name, sizeOrType, kind == BtfKind.UNION, members);
            }
            case ENUM, ENUM64 -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long value;
                    if (kind == BtfKind.ENUM) {
                        int v = data.getInt(extra + 8 * i + 4);
                        value = kflag ? v : Integer.toUnsignedLong(v);
                        values.add(new BtfType.EnumValue(string(data.getInt(extra + 8 * i)), value));
                    } else {
                        int e = extra + 12 * i;
                        value = Integer.toUnsignedLong(data.getInt(e + 4)) | (long) data.getInt(e + 8) << 32;
                        values.add(new BtfType.EnumValue(string(data.getInt(e)), value));
                    }
                }
                yield new BtfType.EnumType(name, sizeOrType, kflag, kind == BtfKind.ENUM64, values);
            }
            case FWD -> new BtfType.FwdType(name, kflag);
            case TYPEDEF -> new BtfType.TypedefType(name, sizeOrType);
            case VOLATILE, CONST, RESTRICT, TYPE_TAG -> new BtfType.QualifierType(kind, name, sizeOrType);
            case FUNC -> new BtfType.FuncType(name, sizeOrType, vlen);
            case FUNC_PROTO -> {
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    params.add(new BtfType.Param(string(data.getInt(extra + 8 * i)), data.getInt(extra + 8 * i + 4)));
                }
                yield new BtfType.FuncProtoType(sizeOrType, params);
            }
            case VAR -> new BtfType.VarType(name, sizeOrType, data.getInt(extra));
            case DATASEC -> {
                List<BtfType.SectionVar> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int v = extra + 12 * i;
                    vars.add(new BtfType.SectionVar(data.getInt(v), data.getInt(v + 4), data.getInt(v + 8)));
                }
                yield new BtfType.DatasecType(name, sizeOrType, vars);
            }
            case FLOAT -> new BtfType.FloatType(name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTagType(name, sizeOrType, data.getInt(extra));
            case VOID -> throw new IllegalStateException("unreachable: VOID rejected at parse");
        };
    }

    /** The lowest id of a type with this name and kind, searching base types first. */
    public OptionalInt findType(String name, BtfKind kind) {
        if (base != null) {
            OptionalInt inBase = base.findType(name, kind);
            if (inBase.isPresent()) return inBase;
        }
        if (name.indexOf('\0') >= 0) return OptionalInt.empty();   // BTF names end at their NUL
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int[] table = nameTable();
        int mask = table.length - 1;
        // equal names sit on one probe chain in id order, so the first match is the lowest id
        for (int slot = hash(wanted) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int local = table[slot] - 1;
            int pos = typeOffsets[local];
            if (((data.getInt(pos + 4) >>> 24) & 0x1f) == kind.ordinal() && nameEquals(data.getInt(pos), wanted)) {
                return OptionalInt.of(firstId + local);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * An open-addressing hash table of this blob's named types (local index + 1,
     * 0 = empty slot), hashed straight from the string bytes: indexing the
     * kernel's ~100k names this way creates no Strings.
     */
    private int[] nameTable() {
        int[] table = nameTable;
        if (table == null) {
            table = new int[Integer.highestOneBit(Math.max(2, typeOffsets.length) * 2) * 2];
            int mask = table.length - 1;
            for (int local = 0; local < typeOffsets.length; local++) {
                int nameOff = data.getInt(typeOffsets[local]);
                if (nameOff == 0) continue;
                int slot = nameHash(nameOff) & mask;
                while (table[slot] != 0) slot = (slot + 1) & mask;
                table[slot] = local + 1;
            }
            nameTable = table;
        }
        return table;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte c : name) h = 31 * h + c;
        return h ^ (h >>> 16);
    }

    /** {@link #hash} of the string at {@code off}, read in place. */
    private int nameHash(int off) {
        if (off < firstStrOff) return base.nameHash(off);
        byte[] raw = data.array();
        int h = 0;
        for (int i = strStart + off - firstStrOff; raw[i] != 0; i++) h = 31 * h + raw[i];
        return h ^ (h >>> 16);
    }

    private boolean nameEquals(int off, byte[] wanted) {
        if (off < firstStrOff) return base.nameEquals(off, wanted);
        byte[] raw = data.array();
        int at = strStart + off - firstStrOff;
        if (at + wanted.length >= strStart + strLen) return false;
        for (int i = 0; i < wanted.length; i++) {
            if (raw[at + i] != wanted[i]) return false;
        }
        return raw[at + wanted.length] == 0;
    }

    /** Names of all named structs (base included), sorted, without duplicates. */
    public List<String> structNames() {
        List<String> names = structNames;
        if (names == null) {
            TreeSet<String> set = new TreeSet<>();
            if (base != null) set.addAll(base.structNames());
            for (int local = 0; local < typeOffsets.length; local++) {
                int pos = typeOffsets[local];
                int nameOff = data.getInt(pos);
                if (nameOff != 0 && ((data.getInt(pos + 4) >>> 24) & 0x1f) == BtfKind.STRUCT.ordinal()) {
                    set.add(string(nameOff));
                }
            }
            names = List.copyOf(set);
            structNames = names;
        }
        return names;
    }

    /** Follows typedef, const, volatile, restrict and type_tag to the type they stand for. */
    public int resolve(int typeId) {
        int id = typeId;
        for (int hops = 0; hops <= MAX_CHAIN; hops++) {
            BtfType t = type(id);
            if (t instanceof BtfType.TypedefType td) {
                id = td.type();
            } else if (t instanceof BtfType.QualifierType q) {
                id = q.type();
            } else {
                return id;
            }
        }
        throw corrupt("typedef/qualifier chain from type #" + typeId + " is longer than " + MAX_CHAIN + " (a cycle?)");
    }

    /** The layout of a type, built once per id (later calls return the same instance). */
    public Layout layout(int typeId) {
        return layout(typeId, 0);
    }

    Layout layout(int typeId, int depth) {
        if (typeId == 0) return LayoutBuilder.VOID;
        checkId(typeId);
        if (typeId < firstId) return base.layout(typeId, depth);
        int local = typeId - firstId;
        Layout l = layouts[local];
        if (l != null) return l;
        synchronized (layoutLock) {
            l = layouts[local];
            if (l == null) {
                l = layoutBuilder.build(typeId, depth);
                layouts[local] = l;
            }
            return l;
        }
    }

    /**
     * The layout of the struct (or, failing that, union, or typedef of one)
     * with this name.
     *
     * @throws NoSuchElementException naming the struct when there is none
     */
    public Layout structLayout(String structName) {
        OptionalInt id = findType(structName, BtfKind.STRUCT);
        if (id.isEmpty()) id = findType(structName, BtfKind.UNION);
        if (id.isEmpty()) {
            OptionalInt td = findType(structName, BtfKind.TYPEDEF);
            if (td.isPresent() && type(resolve(td.getAsInt())) instanceof BtfType.StructType) id = td;
        }
        if (id.isEmpty()) {
            throw new NoSuchElementException("no struct '" + structName + "' in BTF");
        }
        return layout(id.getAsInt());
    }

    /** The variables of a data section (e.g. ".rodata"), in declaration order; empty if there is no such section. */
    public List<DatasecVar> datasecVars(String datasecName) {
        OptionalInt id = findType(datasecName, BtfKind.DATASEC);
        if (id.isEmpty()) return List.of();
        BtfType.DatasecType sec = (BtfType.DatasecType) type(id.getAsInt());
        List<DatasecVar> vars = new ArrayList<>(sec.vars().size());
        for (BtfType.SectionVar sv : sec.vars()) {
            if (!(type(sv.varType()) instanceof BtfType.VarType var)) {
                throw corrupt("DATASEC '" + datasecName + "' entry refers to type #" + sv.varType()
                        + ", a " + kind(sv.varType()) + " rather than a VAR");
            }
            vars.add(new DatasecVar(var.name(), sv.offset(), sv.size(), var.type()));
        }
        return List.copyOf(vars);
    }

    public Optional<DatasecVar> findVar(String datasecName, String varName) {
        for (DatasecVar v : datasecVars(datasecName)) {
            if (v.name().equals(varName)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
