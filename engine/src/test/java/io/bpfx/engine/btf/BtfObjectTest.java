package io.bpfx.engine.btf;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** BTF of the test BPF objects, as clang writes it into the .o (before libbpf fixes DATASECs). */
class BtfObjectTest {
    static final Layout U8 = new Layout.IntLayout(1, false, false, false);
    static final Layout S8 = new Layout.IntLayout(1, true, false, false);
    static final Layout U16 = new Layout.IntLayout(2, false, false, false);
    static final Layout U32 = new Layout.IntLayout(4, false, false, false);
    static final Layout S32 = new Layout.IntLayout(4, true, false, false);
    static final Layout U64 = new Layout.IntLayout(8, false, false, false);
    static final Layout S64 = new Layout.IntLayout(8, true, false, false);

    private static Btf maps;
    private static Btf events;

    @BeforeAll
    static void parse() {
        maps = BtfFixtures.object("maps_test.bpf.o");
        events = BtfFixtures.object("events_test.bpf.o");
    }

    private static Layout.Field field(String name, int offset, Layout layout) {
        return new Layout.Field(name, offset, layout, 0, 0);
    }

    @Test
    void bigKeyLayout() {
        Layout.StructLayout key = (Layout.StructLayout) maps.structLayout("big_key");
        assertEquals(new Layout.StructLayout("big_key", List.of(
                field("id", 0, U32),
                field("cookie", 8, U64),
                field("name", 16, new Layout.CharArrayLayout(8))), 24, false), key);
    }

    @Test
    void bigValueLayout() {
        Layout.StructLayout value = (Layout.StructLayout) maps.structLayout("big_value");
        assertEquals("big_value", value.name());
        assertEquals(32, value.size());
        assertEquals(List.of("count", "delta", "bytes", "color", "in", "neg"),
                value.fields().stream().map(Layout.Field::name).toList());
        assertEquals(field("count", 0, U64), value.field("count").orElseThrow());
        assertEquals(field("delta", 8, S32), value.field("delta").orElseThrow());
        // __u8 is a number, not a character: an array of ints, not a string
        assertEquals(field("bytes", 12, new Layout.ArrayLayout(U8, 4)), value.field("bytes").orElseThrow());
        assertEquals(4, value.field("bytes").orElseThrow().layout().size());

        Layout.EnumLayout color = (Layout.EnumLayout) value.field("color").orElseThrow().layout();
        assertEquals(16, value.field("color").orElseThrow().offset());
        assertEquals(4, color.size());
        assertFalse(color.signed());
        assertEquals(Map.of(1L, "RED", 2L, "GREEN", 4L, "BLUE"), color.names());
        assertEquals(List.of("RED", "GREEN", "BLUE"), List.copyOf(color.names().values()));

        Layout.Field in = value.field("in").orElseThrow();
        assertEquals(20, in.offset());
        assertEquals(new Layout.StructLayout("inner", List.of(field("port", 0, U16), field("small", 2, S8)), 4, false),
                in.layout());
        assertSame(maps.structLayout("inner"), in.layout(), "nested layouts are the cached per-id instances");

        assertEquals(field("neg", 24, S64), value.field("neg").orElseThrow());
        assertTrue(value.field("nope").isEmpty());
    }

    @Test
    void eventLayoutHasStrings() {
        Layout.StructLayout event = (Layout.StructLayout) events.structLayout("event");
        assertEquals(new Layout.StructLayout("event", List.of(
                field("pid", 0, U32),
                field("tid", 4, U32),
                field("ts", 8, U64),
                field("comm", 16, new Layout.CharArrayLayout(16)),
                field("filename", 32, new Layout.CharArrayLayout(128)),
                field("flags", 160, S32)), 168, false), event);
    }

    @Test
    void rodataVariables() {
        List<DatasecVar> vars = maps.datasecVars(".rodata");
        assertEquals(List.of("magic", "label"), vars.stream().map(DatasecVar::name).toList());
        DatasecVar magic = vars.get(0);
        assertEquals(8, magic.size());
        assertEquals(U64, maps.layout(magic.typeId()));   // const volatile __u64
        assertEquals(BtfKind.CONST, maps.type(magic.typeId()).kind());
        assertEquals(BtfKind.INT, maps.type(maps.resolve(magic.typeId())).kind());
        DatasecVar label = maps.findVar(".rodata", "label").orElseThrow();
        assertEquals(new Layout.CharArrayLayout(8), maps.layout(label.typeId()));   // const volatile char[8]
        assertTrue(maps.findVar(".rodata", "nope").isEmpty());
        assertTrue(maps.datasecVars(".nope").isEmpty());

        // a whole section decodes as a struct of its variables (offsets are real once libbpf opened the object)
        Layout.StructLayout rodata = (Layout.StructLayout) maps.layout(maps.findType(".rodata", BtfKind.DATASEC).orElseThrow());
        assertEquals(".rodata", rodata.name());
        assertEquals(List.of(new Layout.Field("magic", 0, U64, 0, 0), new Layout.Field("label", 0, new Layout.CharArrayLayout(8), 0, 0)),
                rodata.fields());

        assertEquals(List.of("target_pid"), events.datasecVars(".rodata").stream().map(DatasecVar::name).toList());
        assertEquals(U32, events.layout(events.findVar(".rodata", "target_pid").orElseThrow().typeId()));
    }

    @Test
    void mapDefinitionsPointAtKeyAndValueTypes() {
        assertEquals(List.of("arr", "big", "plain", "lru", "pcpu", "pcpu_arr"),
                maps.datasecVars(".maps").stream().map(DatasecVar::name).toList());
        DatasecVar big = maps.findVar(".maps", "big").orElseThrow();
        BtfType.StructType def = (BtfType.StructType) maps.type(maps.resolve(big.typeId()));
        BtfType.Member key = def.members().stream().filter(m -> m.name().equals("key")).findFirst().orElseThrow();
        BtfType.PtrType ptr = (BtfType.PtrType) maps.type(key.type());
        assertEquals("big_key", maps.type(maps.resolve(ptr.type())).name());
        assertEquals(BtfKind.STRUCT, maps.type(maps.resolve(ptr.type())).kind());
    }

    @Test
    void eventTypeMarkerLeadsToTheEventStruct() {
        int var = events.findType("__bpfx_event_events", BtfKind.VAR).orElseThrow();
        BtfType.PtrType ptr = (BtfType.PtrType) events.type(events.resolve(((BtfType.VarType) events.type(var)).type()));
        int target = events.resolve(ptr.type());   // skips const volatile
        assertEquals(events.findType("event", BtfKind.STRUCT).orElseThrow(), target);
    }

    @Test
    void structNamesAreSortedAndNamed() {
        assertEquals(List.of("big_key", "big_value", "inner"), maps.structNames());
        assertTrue(events.structNames().contains("event"));
        assertTrue(events.structNames().contains("trace_event_raw_sys_enter"));
    }

    @Test
    void missingStructIsNamedInTheError() {
        var e = assertThrows(java.util.NoSuchElementException.class, () -> maps.structLayout("no_such_thing"));
        assertTrue(e.getMessage().contains("no_such_thing"), e.getMessage());
    }

    @Test
    void typesKnowTheirKindsAndNames() {
        int color = maps.findType("color", BtfKind.ENUM).orElseThrow();
        BtfType.EnumType et = (BtfType.EnumType) maps.type(color);
        assertEquals(List.of(new BtfType.EnumValue("RED", 1), new BtfType.EnumValue("GREEN", 2),
                new BtfType.EnumValue("BLUE", 4)), et.values());
        int touch = maps.findType("touch", BtfKind.FUNC).orElseThrow();
        BtfType.FuncProtoType proto = (BtfType.FuncProtoType) maps.type(((BtfType.FuncType) maps.type(touch)).type());
        assertEquals(List.of("ctx"), proto.params().stream().map(BtfType.Param::name).toList());
        assertEquals(BtfKind.INT, maps.type(proto.returnType()).kind());
        assertEquals(new Layout.OpaqueLayout(0), maps.layout(touch));
    }
}
