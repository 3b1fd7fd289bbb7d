package io.bpfx.engine.btf;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The running kernel's BTF: large, with every kind clang emits and then some. */
class BtfVmlinuxTest {
    private static Btf vmlinux;

    @BeforeAll
    static void parse() throws Exception {
        assumeTrue(Files.exists(BtfFixtures.VMLINUX), "no /sys/kernel/btf/vmlinux on this machine");
        vmlinux = Btf.parse(Files.readAllBytes(BtfFixtures.VMLINUX));
    }

    @Test
    void findsTaskStructWithPidAndComm() {
        OptionalInt id = vmlinux.findType("task_struct", BtfKind.STRUCT);
        assertTrue(id.isPresent());
        BtfType t = vmlinux.type(id.getAsInt());
        assertEquals(BtfKind.STRUCT, t.kind());
        assertEquals("task_struct", t.name());

        Layout.StructLayout task = (Layout.StructLayout) vmlinux.structLayout("task_struct");
        assertEquals(((BtfType.StructType) t).size(), task.size());
        Layout.Field pid = task.field("pid").orElseThrow();
        assertEquals(new Layout.IntLayout(4, true, false, false), pid.layout());   // pid_t -> int
        assertEquals(new Layout.CharArrayLayout(16), task.field("comm").orElseThrow().layout());
        assertEquals("task_struct", task.name());
        assertFalse(task.union());
        assertTrue(vmlinux.structNames().contains("task_struct"));
    }

    @Test
    void taskStructBitfieldsAreBitfields() {
        Layout.StructLayout task = (Layout.StructLayout) vmlinux.structLayout("task_struct");
        Layout.Field f = task.field("sched_reset_on_fork").orElseThrow();
        assertEquals(1, f.bitSize());
        assertTrue(f.bitOffset() + f.bitSize() <= 8 * f.layout().size());
        assertEquals(0, f.offset() % f.layout().size(), "a bitfield's storage is naturally aligned");
    }

    @Test
    void sysEnterArgsAreSixUnsignedLongs() {
        Layout.StructLayout l = (Layout.StructLayout) vmlinux.structLayout("trace_event_raw_sys_enter");
        Layout.Field args = l.field("args").orElseThrow();
        assertEquals(16, args.offset());
        assertEquals(new Layout.ArrayLayout(new Layout.IntLayout(8, false, false, false), 6), args.layout());
        Layout.Field id = l.field("id").orElseThrow();
        assertEquals(8, id.offset());
        assertEquals(new Layout.IntLayout(8, true, false, false), id.layout());
        assertEquals(List.of("ent", "id", "args", "__data"), l.fields().stream().map(Layout.Field::name).toList());
    }

    @Test
    void enumsHaveTheirEnumerators() {
        int id = vmlinux.findType("bpf_map_type", BtfKind.ENUM).orElseThrow();
        Layout.EnumLayout l = (Layout.EnumLayout) vmlinux.layout(id);
        assertEquals(4, l.size());
        assertEquals("BPF_MAP_TYPE_HASH", l.names().get(1L));
        assertEquals("BPF_MAP_TYPE_RINGBUF", l.names().get(27L));
        assertTrue(vmlinux.findType("bpf_map_type", BtfKind.STRUCT).isEmpty());
    }

    @Test
    void enum64ValuesAboveTwoToThe63Decode() {
        int id = vmlinux.findType("perf_callchain_context", BtfKind.ENUM64).orElseThrow();
        Layout.EnumLayout l = (Layout.EnumLayout) vmlinux.layout(id);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -32L);   // (u64)-32
        assertEquals("PERF_CONTEXT_HV", LayoutDecoder.decode(l, b, 0));
    }

    @Test
    void anonymousMembersAreFlattenedAsCAccessesThem() {
        Layout.StructLayout skb = (Layout.StructLayout) vmlinux.structLayout("sk_buff");
        assertEquals(0, skb.field("next").orElseThrow().offset());
        assertEquals(8, skb.field("prev").orElseThrow().offset());
        assertEquals(16, skb.field("dev").orElseThrow().offset());
        assertEquals(16, skb.field("dev_scratch").orElseThrow().offset());
        assertEquals(0, skb.field("rbnode").orElseThrow().offset());
        assertTrue(skb.fields().stream().noneMatch(f -> f.name().isEmpty()));
        assertEquals(skb.fields().size(), skb.fields().stream().map(Layout.Field::name).distinct().count());
    }

    @Test
    void everyStructLaysOutAndDecodesZeroes() {
        List<String> names = vmlinux.structNames();
        assertTrue(names.size() > 1000);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        ByteBuffer zeroes = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : names) {
            Layout l = vmlinux.structLayout(name);
            if (l.size() <= zeroes.capacity()) assertNotNull(LayoutDecoder.decode(l, zeroes, 0), name);
        }
    }

    @Test
    void resolveSkipsTypedefsAndLayoutIsCached() {
        int pidT = vmlinux.findType("pid_t", BtfKind.TYPEDEF).orElseThrow();
        assertEquals(BtfKind.INT, vmlinux.type(vmlinux.resolve(pidT)).kind());
        assertSame(vmlinux.layout(pidT), vmlinux.layout(pidT));
        assertEquals(BtfKind.VOID, vmlinux.type(0).kind());
        assertThrows(IllegalArgumentException.class, () -> vmlinux.type(vmlinux.typeCount()));
    }
}
