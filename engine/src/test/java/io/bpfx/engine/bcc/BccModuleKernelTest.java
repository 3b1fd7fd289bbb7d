package io.bpfx.engine.bcc;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.EventLoop;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.Link;
import io.bpfx.engine.MapType;
import io.bpfx.engine.PerfBufferReader;
import io.bpfx.engine.RingBufferReader;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocation;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BCC C compiled by libbcc, attached by the engine, against the real kernel: exact counts. */
class BccModuleKernelTest extends BccKernelTestBase {
    static final int N = 1000;

    @TempDir
    Path tmp;

    private Path uniqueFile(String prefix) throws IOException {
        return Files.createFile(tmp.resolve(prefix + System.nanoTime()));
    }

    private static BccModule compileFor(String program, int pid) {
        return BccModule.compile(program(program), List.of("TARGET_PID=" + pid), List.of());
    }

    @Test
    void tracepointProbeCountsOpensByPidThroughTheTableDescriptors() throws IOException {
        Path file = uniqueFile("bpfx-bcc-count-");
        try (Workload w = Workload.start("openloop", file.toString(), String.valueOf(N));
             BccModule m = compileFor("opens.c", w.pid())) {
            assertEquals(List.of("tracepoint__syscalls__sys_enter_openat"), m.functions());
            List<Link> links = m.autoAttach(Set.of());
            assertEquals(1, links.size());
            assertEquals("tracepoint:syscalls:sys_enter_openat", links.get(0).description());
            assertEquals(N, w.go().awaitDone());

            BpfMap opens = m.table("opens");
            assertEquals(MapType.HASH, opens.type());
            assertEquals(new Layout.IntLayout(4, false, false, false), opens.keyLayout());
            assertEquals(List.of(Map.entry((long) w.pid(), (long) N)), opens.entries());
            assertEquals((long) N, opens.lookup((long) w.pid()).orElseThrow());

            // a struct key decodes to its named fields (char[] as a string)
            BpfMap byComm = m.table("opens_by_comm");
            assertEquals(List.of(Map.entry(Map.of("pid", (long) w.pid(), "comm", "openloop"), (long) N)), byComm.entries());
        }
    }

    @Test
    void perfOutputDeliversEveryOpenWithPidCommAndFilename() throws IOException {
        Path file = uniqueFile("bpfx-bcc-perf-");
        List<Map<String, Object>> events = new ArrayList<>();
        long[] lost = {0};
        try (Workload w = Workload.start("openloop", file.toString(), String.valueOf(N));
             BccModule m = compileFor("opens.c", w.pid());
             EventLoop loop = new EventLoop()) {
            loop.onLost((s, n) -> lost[0] += n);
            BpfMap table = m.table("events");
            assertEquals(MapType.PERF_EVENT_ARRAY, table.type());
            // BCC records the struct passed to events.perf_submit(): its fields, in order
            assertEquals(List.of("pid#u32", "ts#u64", "comm#char[16]", "filename#char[128]"), m.eventFields("events"));
            Layout.StructLayout layout = m.eventLayout("events", "data_t");
            assertEquals(List.of("pid", "ts", "comm", "filename"), layout.fields().stream().map(Layout.Field::name).toList());
            assertEquals(List.of(0, 8, 16, 32), layout.fields().stream().map(Layout.Field::offset).toList());
            assertEquals(160, layout.size());

            EventSource src = new PerfBufferReader(table, (buf, off, len) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) LayoutDecoder.decode(layout, buf, off);
                events.add(e);
            });
            try {
                loop.register(src);
                m.autoAttach(Set.of());
                w.go().awaitDone();
                long deadline = System.currentTimeMillis() + 5000;
                while (events.size() < N && System.currentTimeMillis() < deadline) loop.poll(50);
                loop.poll(50); // anything beyond N would show up now
                assertEquals(0, lost[0] + src.takeLost());
            } finally {
                loop.unregister(src);
                src.close();
            }
            assertEquals(N, events.size());
            long lastTs = 0;
            for (Map<String, Object> e : events) {
                assertEquals((long) w.pid(), e.get("pid"));
                assertEquals("openloop", e.get("comm"));
                assertEquals(file.toString(), e.get("filename"));
                assertTrue((Long) e.get("ts") > 0);
                lastTs = Math.max(lastTs, (Long) e.get("ts"));
            }
            assertTrue(lastTs > 0);
        }
    }

    @Test
    void ringbufOutputAndRawTracepointProbe() throws IOException {
        Path file = uniqueFile("bpfx-bcc-ringbuf-");
        List<Map<String, Object>> events = new ArrayList<>();
        try (Workload w = Workload.start("openloop", file.toString(), String.valueOf(N));
             BccModule m = compileFor("ringbuf.c", w.pid());
             EventLoop loop = new EventLoop()) {
            BpfMap records = m.table("records");
            assertEquals(MapType.RINGBUF, records.type());
            assertEquals(64 * 4096, records.maxEntries());
            // ringbuf_reserve(sizeof(struct event)): no table uses struct event, BCC's record of it is used
            Layout.StructLayout layout = m.eventLayout("records", null);
            RingBufferReader src = new RingBufferReader(records, (buf, off, len) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) LayoutDecoder.decode(layout, buf, off);
                events.add(e);
            });
            try {
                loop.register(src);
                List<Link> links = m.autoAttach(Set.of());
                assertEquals(Set.of("tracepoint:syscalls:sys_enter_openat", "raw_tracepoint:sys_enter"),
                        Set.copyOf(links.stream().map(Link::description).toList()));
                w.go().awaitDone();
                long deadline = System.currentTimeMillis() + 5000;
                while (events.size() < N && System.currentTimeMillis() < deadline) loop.poll(50);
                loop.poll(50);
            } finally {
                loop.unregister(src);
                src.close();
            }
            assertEquals(N, events.size());
            for (Map<String, Object> e : events) {
                assertEquals((long) w.pid(), e.get("pid"));
                assertEquals(0L, e.get("flags")); // openloop opens O_RDONLY
                assertEquals("openloop", e.get("comm"));
                assertEquals(file.toString(), e.get("filename"));
            }
            assertEquals((long) N, m.table("raw_hits").lookup(0L).orElseThrow());
        }
    }

    private static UprobeLocation targetFn() {
        return new UprobeLocator(LibraryResolver.system()).locate(NativeBuild.bin("uprobe_target") + ":bpfx_target_fn", null);
    }

    @Test
    void uprobeAndUretprobeCountEveryCall() {
        UprobeLocation loc = targetFn();
        try (BccModule m = BccModule.compile(program("uprobe.c"), List.of(), List.of());
             Workload w = Workload.start("uprobe_target", String.valueOf(N))) {
            assertTrue(m.autoAttach(Set.of()).isEmpty(), "no function of uprobe.c names a place");
            Link call = m.attach("on_call", new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, w.pid()));
            m.attach("on_return", new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), true, w.pid()));
            assertEquals("uprobe:" + loc.binary() + ":bpfx_target_fn (pid " + w.pid() + ")", call.description());
            assertEquals(N, w.go().awaitDone());

            assertEquals((long) N, m.table("calls").lookup(0L).orElseThrow());
            // bpfx_target_fn(i) returns i % 7: the histogram of return values is exact
            Map<Object, Object> expected = new HashMap<>();
            for (int i = 0; i < N; i++) expected.merge((long) (i % 7), 1L, (a, b) -> (Long) a + (Long) b);
            Map<Object, Object> rets = new HashMap<>();
            m.table("rets").entries().forEach(e -> rets.put(e.getKey(), e.getValue()));
            assertEquals(expected, rets);
        }
    }

    @Test
    void closingALinkStopsCountingAndClosingTheModuleLeavesNothing() {
        UprobeLocation loc = targetFn();
        BpfState before = BpfState.now();
        BccModule m = BccModule.compile(program("uprobe.c"), List.of(), List.of());
        try {
            Link link = m.attach("on_call", new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, -1));
            assertTrue(BpfState.now().links().size() > before.links().size(), "the link is visible to bpftool");
            Workload.run("uprobe_target", "200");
            link.close();
            Workload.run("uprobe_target", "200");
            assertEquals(200L, m.table("calls").lookup(0L).orElseThrow());
            m.attach("on_call", new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, -1));
            assertEquals(1, m.links().size());
        } finally {
            m.close(); // detaches the second link, closes the program, destroys the tables
        }
        assertTrue(m.isClosed());
        assertNull(BpfState.leakedSinceSettled(before));
    }

    @Test
    void compileErrorIsOneLineWithFileAndLine() {
        Path src = program("syntax_error.c");
        BpfxException e = assertThrows(BpfxException.BadInput.class, () -> BccModule.compile(src, List.of(), List.of()));
        assertEquals(src + ":6: use of undeclared identifier 'undefined_thing'", e.getMessage());
    }

    @Test
    void errorDirectiveNamesTheLine() {
        // opens.c refuses to compile without -DTARGET_PID
        Path src = program("opens.c");
        BpfxException e = assertThrows(BpfxException.BadInput.class, () -> BccModule.compile(src, List.of(), List.of()));
        assertEquals(src + ":7: \"compile with -DTARGET_PID=<pid>\"", e.getMessage());
    }

    @Test
    void verifierRejectionCarriesProgramAndLog() {
        try (BccModule m = BccModule.compile(program("verifier_fail.c"), List.of(), List.of())) {
            BpfxException.VerifierRejected e = assertThrows(BpfxException.VerifierRejected.class,
                    () -> m.attach("tracepoint__syscalls__sys_enter_openat", new AttachTarget.Auto()));
            assertEquals("tracepoint__syscalls__sys_enter_openat", e.program());
            assertTrue(e.getMessage().startsWith("verifier rejected program tracepoint__syscalls__sys_enter_openat of verifier_fail.c: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("invalid mem access"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.log().contains("map_value_or_null"), e.log());
            assertTrue(m.links().isEmpty());
        }
    }

    @Test
    void kprobesAreUnsupportedHere() {
        // this kernel has CONFIG_KPROBES off; where it is on, the same calls attach
        org.junit.jupiter.api.Assumptions.assumeTrue(BccAttach.pmuType("kprobe").isEmpty(), "kernel has kprobes");
        try (BccModule m = BccModule.compile(program("kprobe.c"), List.of(), List.of())) {
            BpfxException e = assertThrows(BpfxException.Unsupported.class, () -> m.autoAttach(Set.of()));
            assertTrue(e.getMessage().startsWith("cannot attach kprobe:do_sys_openat2: this kernel has no kprobes"), e.getMessage());
            e = assertThrows(BpfxException.Unsupported.class,
                    () -> m.attach("kprobe__do_sys_openat2", new AttachTarget.Kprobe("vfs_read", true)));
            assertTrue(e.getMessage().contains("kretprobe:vfs_read"), e.getMessage());
            assertTrue(m.links().isEmpty());
        }
    }

    @Test
    void usdtIsRefusedClearly() {
        try (BccModule m = BccModule.compile(program("uprobe.c"), List.of(), List.of())) {
            BpfxException e = assertThrows(BpfxException.Unsupported.class,
                    () -> m.attach("on_call", new AttachTarget.Usdt(NativeBuild.bin("uprobe_target"), "bpfx", "tick", -1)));
            assertTrue(e.getMessage().contains("USDT probes are not supported for BCC C"), e.getMessage());
        }
    }

    @Test
    void missingTracepointAndUnknownFunctionAreNamed() {
        try (BccModule m = BccModule.compile(program("uprobe.c"), List.of(), List.of())) {
            BpfxException e = assertThrows(BpfxException.NotFound.class,
                    () -> m.attach("on_call", new AttachTarget.Tracepoint("syscalls", "sys_enter_nope")));
            assertTrue(e.getMessage().startsWith("tracepoint syscalls:sys_enter_nope not found"), e.getMessage());
            e = assertThrows(BpfxException.NotFound.class,
                    () -> m.attach("nope", new AttachTarget.RawTracepoint("sys_enter")));
            assertEquals("no function 'nope' in uprobe.c (functions: on_call, on_return)", e.getMessage());
            e = assertThrows(BpfxException.NotFound.class, () -> m.eventLayout("calls", "data_t"));
            assertTrue(e.getMessage().startsWith("cannot tell the record type of BCC table calls in uprobe.c"), e.getMessage());
        }
    }

    @Test
    void missingKernelHeadersFailBeforeBccRuns() throws IOException {
        // BCC reads BCC_KERNEL_SOURCE from the process environment, which a running JVM cannot change;
        // compile() checks through the same variable via an injectable environment
        Path empty = Files.createDirectory(tmp.resolve("no-headers"));
        BpfxException e = assertThrows(BpfxException.NotFound.class, () -> BccModule.compile(program("uprobe.c"),
                List.of(), List.of(), k -> k.equals(KernelHeaders.ENV) ? empty.toString() : null));
        assertEquals(program("uprobe.c") + ": BCC needs kernel headers, but BCC_KERNEL_SOURCE=" + empty
                + " has no include/ directory: point it at a kernel headers tree (e.g. /usr/src/linux-headers-$(uname -r)), "
                + "or unset it and apt-get install linux-headers-" + KernelHeaders.release(), e.getMessage());
    }
}
