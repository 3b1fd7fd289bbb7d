package io.bpfx.engine;

import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Place strings per kind → attach targets, without a kernel. */
class AttachPlacesTest {
    private final List<String> notes = new ArrayList<>();
    private final AttachPlaces places = new AttachPlaces(() -> new UprobeLocator(LibraryResolver.system()), notes::add);

    @Test
    void tracepointsAcceptColonOrSlash() {
        assertEquals(new AttachTarget.Tracepoint("syscalls", "sys_enter_openat"),
                places.parse(AttachKind.TRACEPOINT, "syscalls:sys_enter_openat", Map.of(), null));
        assertEquals(new AttachTarget.Tracepoint("sched", "sched_switch"),
                places.parse(AttachKind.TRACEPOINT, "sched/sched_switch", Map.of(), null));
        BpfxException e = assertThrows(BpfxException.BadInput.class,
                () -> places.parse(AttachKind.TRACEPOINT, "sys_enter_openat", Map.of(), null));
        assertEquals("tracepoint 'sys_enter_openat' must be category:name, e.g. syscalls:sys_enter_openat", e.getMessage());
        assertThrows(BpfxException.BadInput.class, () -> places.parse(AttachKind.TRACEPOINT, "a:b:c", Map.of(), null));
    }

    @Test
    void rawTracepointsAndKprobesAreBareNames() {
        assertEquals(new AttachTarget.RawTracepoint("sched_switch"),
                places.parse(AttachKind.RAW_TRACEPOINT, "sched_switch", Map.of(), null));
        assertEquals(new AttachTarget.Kprobe("do_sys_openat2", true),
                places.parse(AttachKind.KRETPROBE, "do_sys_openat2", Map.of(), null));
        assertThrows(BpfxException.BadInput.class, () -> places.parse(AttachKind.RAW_TRACEPOINT, "sched:sched_switch", Map.of(), null));
        assertThrows(BpfxException.BadInput.class, () -> places.parse(AttachKind.KPROBE, "vmlinux:do_sys_open", Map.of(), null));
    }

    @Test
    void perfEventsByNameWithFrequencyOrPeriod() {
        var t = (AttachTarget.PerfEvent) places.parse(AttachKind.PERF_EVENT, "cpu-clock", Map.of("frequency", 49L), null);
        assertEquals(PerfEvents.TYPE_SOFTWARE, t.type());
        assertEquals(0, t.config());
        assertEquals(49, t.frequency());
        assertEquals(Cpus.online(), t.cpus());
        var d = (AttachTarget.PerfEvent) places.parse(AttachKind.PERF_EVENT, "page-faults", Map.of("period", 1000L, "pid", 42L), null);
        assertEquals(1000, d.period());
        assertEquals(0, d.frequency());
        assertEquals(42, d.pid());
        var dflt = (AttachTarget.PerfEvent) places.parse(AttachKind.PERF_EVENT, "cycles", Map.of(), null);
        assertEquals(PerfEvents.TYPE_HARDWARE, dflt.type());
        assertEquals(AttachPlaces.DEFAULT_FREQUENCY, dflt.frequency());
        BpfxException both = assertThrows(BpfxException.BadInput.class,
                () -> places.parse(AttachKind.PERF_EVENT, "cpu-clock", Map.of("frequency", 1L, "period", 2L), null));
        assertEquals("perf event cpu-clock: give frequency or period, not both", both.getMessage());
        BpfxException unknown = assertThrows(BpfxException.BadInput.class,
                () -> places.parse(AttachKind.PERF_EVENT, "cpu-clocks", Map.of(), null));
        assertTrue(unknown.getMessage().startsWith("unknown perf event 'cpu-clocks' (known: cycles, cpu-cycles, "), unknown.getMessage());
        assertThrows(BpfxException.BadInput.class, () -> places.parse(AttachKind.PERF_EVENT, "cpu-clock", Map.of("pid", -1L), null));
    }

    @Test
    void uprobesResolveToFileOffsetsAndSayWhereABareSymbolWasFound() {
        String bin = NativeBuild.bin("uprobe_target").toString();
        var u = (AttachTarget.Uprobe) places.parse(AttachKind.URETPROBE, bin + ":bpfx_target_fn", Map.of("pid", 7L), null);
        assertTrue(u.retprobe());
        assertEquals(7, u.pid());
        assertEquals("bpfx_target_fn", u.symbol());
        assertTrue(u.fileOffset() > 0);
        assertTrue(notes.isEmpty(), "an explicit binary is not a search");
        var l = (AttachTarget.Uprobe) places.parse(AttachKind.UPROBE, "lua_pcall", Map.of(), null);
        assertTrue(l.binary().toString().endsWith("libluajit-5.1.so.2"), l.binary().toString());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("libluajit-5.1.so.2"), notes.get(0));
        var usdt = (AttachTarget.Usdt) places.parse(AttachKind.USDT, bin + ":bpfx:tick", Map.of(), null);
        assertEquals("bpfx", usdt.provider());
        assertEquals("tick", usdt.name());
    }

    @Test
    void describesTargetsForMessages() {
        assertEquals("tracepoint:syscalls:sys_enter_openat", new AttachTarget.Tracepoint("syscalls", "sys_enter_openat").describe());
        assertEquals("kretprobe:vfs_read", new AttachTarget.Kprobe("vfs_read", true).describe());
        assertEquals("perf_event:cpu-clock (99 Hz)", new AttachTarget.PerfEvent("cpu-clock", 1, 0, 99, 0, -1, List.of(0)).describe());
        assertEquals("perf_event:page-faults (every 1000, pid 5)", new AttachTarget.PerfEvent("page-faults", 1, 2, 0, 1000, 5, List.of()).describe());
    }

    @Test
    void sectionNamesImplyKinds() {
        assertEquals(AttachKind.TRACEPOINT, AttachKind.fromSection("tracepoint/syscalls/sys_enter_openat").orElseThrow());
        assertEquals(AttachKind.RAW_TRACEPOINT, AttachKind.fromSection("raw_tp/sched_switch").orElseThrow());
        assertEquals(AttachKind.URETPROBE, AttachKind.fromSection("uretprobe").orElseThrow());
        assertEquals(AttachKind.USDT, AttachKind.fromSection("usdt").orElseThrow());
        assertEquals(AttachKind.PERF_EVENT, AttachKind.fromSection("perf_event").orElseThrow());
        assertTrue(AttachKind.fromSection("xdp").isEmpty());
    }
}
