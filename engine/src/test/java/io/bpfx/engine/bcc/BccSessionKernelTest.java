package io.bpfx.engine.bcc;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.TargetPlan;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A target whose file is BCC C, run through Session as the DSL does. */
class BccSessionKernelTest extends BccKernelTestBase {
    static final int N = 1000;

    @TempDir
    Path tmp;

    private Session session;
    private BpfState before;

    @BeforeEach
    void open() {
        before = BpfState.now();
        session = new Session(new BpfCompiler(Path.of(System.getProperty("java.io.tmpdir"), "bpfx-test-cache")),
                new AttachPlaces(() -> new UprobeLocator(LibraryResolver.system()), s -> { }));
    }

    @AfterEach
    void close() {
        session.close();
        assertNull(BpfState.leakedSinceSettled(before));
    }

    private static TargetPlan.EventSubscription collect(String type, List<Map<String, Object>> into) {
        return new TargetPlan.EventSubscription(null, type, layout -> (buf, off, len) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) LayoutDecoder.decode(layout, buf, off);
            into.add(e);
        }, null, "test.lua:1");
    }

    @Test
    void bccTargetStartsCountsDeliversEventsAndStops() throws IOException {
        Path file = Files.createFile(tmp.resolve("bpfx-bcc-session-" + System.nanoTime()));
        List<Map<String, Object>> events = new ArrayList<>();
        try (Workload w = Workload.start("openloop", file.toString(), String.valueOf(N))) {
            TargetPlan plan = new TargetPlan("opens");
            plan.files.add(program("opens.c"));
            plan.defines.add("TARGET_PID=" + w.pid());
            plan.events.add(collect("data_t", events));
            LiveTarget live = session.start(plan);
            assertEquals(1, live.probeCount());
            assertEquals(List.of("events", "opens", "opens_by_comm"), live.maps().stream().map(BpfMap::name).toList()); // BCC orders by name
            assertTrue(live.objects().isEmpty());
            assertEquals(1, live.bccModules().size());
            assertTrue(BpfState.now().links().stream().anyMatch(id -> !before.links().contains(id)), "attached while running");

            assertEquals(N, w.go().awaitDone());
            long deadline = System.currentTimeMillis() + 5000;
            while (events.size() < N && System.currentTimeMillis() < deadline) session.poll(50);
            session.poll(50);

            assertEquals((long) N, live.map("opens").lookup((long) w.pid()).orElseThrow());
            assertEquals(N, events.size());
            for (Map<String, Object> e : events) {
                assertEquals((long) w.pid(), e.get("pid"));
                assertEquals("openloop", e.get("comm"));
                assertEquals(file.toString(), e.get("filename"));
            }
            session.stop("opens");
            assertFalse(session.isRunning("opens"));
            assertTrue(live.isClosed());
            assertTrue(live.bccModules().get(0).isClosed());
        }
        assertNull(BpfState.leakedSinceSettled(before));
    }

    @Test
    void setValuesReachBccCAsDefines() throws IOException {
        Path file = Files.createFile(tmp.resolve("bpfx-bcc-values-" + System.nanoTime()));
        try (Workload w = Workload.start("openloop", file.toString(), "77")) {
            TargetPlan plan = new TargetPlan("opens");
            plan.files.add(program("opens.c"));
            plan.globals.put("TARGET_PID", (long) w.pid()); // set_values{ TARGET_PID = pid }: -DTARGET_PID=<pid>
            LiveTarget live = session.start(plan);
            assertEquals(77, w.go().awaitDone());
            assertEquals(77L, live.map("opens").lookup((long) w.pid()).orElseThrow());
        }
    }

    @Test
    void attachToAUprobeAndToolchainBcc() throws IOException {
        // set_toolchains("bcc") takes even a *.bpf.c name down the BCC path
        Path src = Files.copy(program("uprobe.c"), tmp.resolve("uprobe.bpf.c"));
        try (Workload w = Workload.start("uprobe_target", String.valueOf(N))) {
            TargetPlan plan = new TargetPlan("calls");
            plan.toolchain = "bcc";
            plan.files.add(src);
            plan.kind = AttachKind.UPROBE;
            plan.pid = w.pid();
            plan.attachments.add(new TargetPlan.Attachment("on_call", null,
                    NativeBuild.bin("uprobe_target") + ":bpfx_target_fn", Map.of(), "test.lua:2"));
            LiveTarget live = session.start(plan);
            assertEquals(1, live.probeCount());
            assertEquals(N, w.go().awaitDone());
            assertEquals((long) N, live.map("calls").lookup(0L).orElseThrow());
        }
    }

    @Test
    void failuresLeaveNothingAttached() {
        // a function that does not name a place and is not attached: nothing would run
        TargetPlan idle = new TargetPlan("idle");
        idle.files.add(program("uprobe.c"));
        BpfxException e = assertThrows(BpfxException.BadInput.class, () -> session.start(idle));
        assertTrue(e.getMessage().startsWith("target idle: nothing of " + program("uprobe.c") + " is attached"), e.getMessage());

        // the verifier refuses the only program
        TargetPlan bad = new TargetPlan("bad");
        bad.files.add(program("verifier_fail.c"));
        assertThrows(BpfxException.VerifierRejected.class, () -> session.start(bad));

        // the second attachment fails after the first attached: the first is detached again
        TargetPlan half = new TargetPlan("half");
        half.files.add(program("uprobe.c"));
        half.attachments.add(new TargetPlan.Attachment("on_call", AttachKind.UPROBE,
                NativeBuild.bin("uprobe_target") + ":bpfx_target_fn", Map.of(), "test.lua:3"));
        half.attachments.add(new TargetPlan.Attachment("on_return", AttachKind.TRACEPOINT,
                "syscalls:sys_enter_nope", Map.of(), "test.lua:4"));
        e = assertThrows(BpfxException.NotFound.class, () -> session.start(half));
        assertTrue(e.getMessage().contains("sys_enter_nope"), e.getMessage());

        // an event type BCC cannot tell
        TargetPlan untyped = new TargetPlan("untyped");
        untyped.files.add(program("uprobe.c"));
        untyped.events.add(collect(null, new ArrayList<>()));
        e = assertThrows(BpfxException.NotFound.class, () -> session.start(untyped));
        assertTrue(e.getMessage().startsWith("test.lua:1: on_event: target untyped has no ringbuf or perf_event_array map"), e.getMessage());

        // set_values of BCC C are defines: a value that is not a C identifier cannot be one
        TargetPlan values = new TargetPlan("values");
        values.files.add(program("uprobe.c"));
        values.globals.put("target-pid", 1L);
        e = assertThrows(BpfxException.BadInput.class, () -> session.start(values));
        assertEquals("set_values: 'target-pid' is not a C identifier", e.getMessage());

        // a kprobe on this kernel
        if (BccAttach.pmuType("kprobe").isEmpty()) {
            TargetPlan kp = new TargetPlan("kp");
            kp.files.add(program("kprobe.c"));
            assertThrows(BpfxException.Unsupported.class, () -> session.start(kp));
        }
        assertFalse(session.anyRunning());
        assertNull(BpfState.leakedSinceSettled(before));
    }
}
