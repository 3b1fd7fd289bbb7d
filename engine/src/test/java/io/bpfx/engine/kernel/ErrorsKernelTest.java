package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.PerfEvents;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each failure gives one line that names the culprit, and leaves nothing attached. */
class ErrorsKernelTest extends KernelTestBase {

    @Test
    void verifierRejectionNamesProgramAndLogTail() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("verifier_fail"))) {
            BpfxException.VerifierRejected e = assertThrows(BpfxException.VerifierRejected.class, obj::load);
            assertEquals("bad_deref", e.program());
            assertTrue(e.getMessage().startsWith("verifier rejected program bad_deref of verifier_fail.bpf.o: "), e.getMessage());
            assertTrue(e.getMessage().contains("invalid mem access 'map_value_or_null'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.log().contains("invalid mem access"));
        }
    }

    @Test
    void kprobeOnKernelWithoutKprobesIsUnsupported() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("unsupported_test"))) {
            BpfxException e = assertThrows(BpfxException.class, () -> {
                obj.load();
                obj.program("kp_open").attach(new AttachTarget.Kprobe("do_sys_openat2", false));
            });
            assertTrue(e instanceof BpfxException.Unsupported, e.getClass() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("kprobe"), e.getMessage());
            assertTrue(e.getMessage().contains("CONFIG_KPROBES"), e.getMessage());
        }
    }

    @Test
    void fentryOnKernelWithoutTrampolinesIsUnsupported() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("fentry_test"))) {
            BpfxException e = assertThrows(BpfxException.Unsupported.class, obj::load);
            assertTrue(e.getMessage().startsWith("cannot load program fe_open (SEC \"fentry/do_sys_openat2\") of fentry_test.bpf.o: "
                    + "this kernel does not support fentry/fexit"), e.getMessage());
        }
    }

    @Test
    void missingTracepointSaysWhereItLooked() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("events_test"))) {
            obj.load();
            BpfxException e = assertThrows(BpfxException.NotFound.class,
                    () -> obj.program("openat_ringbuf").attach(new AttachTarget.Tracepoint("syscalls", "sys_enter_nosuch")));
            assertTrue(e.getMessage().startsWith("tracepoint syscalls:sys_enter_nosuch not found: no /sys/kernel/"), e.getMessage());
            assertTrue(obj.links().isEmpty());
        }
    }

    @Test
    void hardwareEventWithoutPmuOrSoftwareFallback() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("sched_test"))) {
            obj.program("on_switch").setAutoload(false);
            obj.load();
            var cycles = PerfEvents.lookup("cycles").orElseThrow();
            try {
                // a machine with a PMU attaches it: once, on the one CPU asked for
                var link = obj.program("on_sample").attach(new AttachTarget.PerfEvent("cycles", cycles.type(), cycles.config(), 99, 0, -1, List.of(0)));
                assertEquals(1, link.probeCount());
                link.close();
            } catch (BpfxException.Unsupported e) {
                assertTrue(e.getMessage().contains("cycles"), e.getMessage());
                assertTrue(e.getMessage().contains("cpu-clock"), e.getMessage());
            }
        }
    }

    @Test
    void corruptObjectIsNamed(@TempDir Path tmp) throws Exception {
        Path bogus = tmp.resolve("bogus.bpf.o");
        Files.writeString(bogus, "not an ELF file");
        BpfxException e = assertThrows(BpfxException.CorruptObject.class, () -> BpfObject.open(bogus));
        assertTrue(e.getMessage().startsWith(bogus + " is not a valid BPF object: "), e.getMessage());
        BpfxException missing = assertThrows(BpfxException.NotFound.class, () -> BpfObject.open(tmp.resolve("nope.bpf.o")));
        assertEquals("BPF object " + tmp.resolve("nope.bpf.o") + " not found", missing.getMessage());
    }

    @Test
    void unknownProgramListsPrograms() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("uprobe_test"))) {
            BpfxException e = assertThrows(BpfxException.NotFound.class, () -> obj.program("nope"));
            assertEquals("no program 'nope' in uprobe_test.bpf.o (programs: on_call, on_return, on_tick)", e.getMessage());
        }
    }
}
