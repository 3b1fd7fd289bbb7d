package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfProgram;
import io.bpfx.engine.BpfStats;
import io.bpfx.engine.ProgramInfo;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocation;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BpfProgram#info()} and {@link BpfStats}: a pid-filtered uprobe runs exactly N times. */
class ProgramInfoKernelTest extends KernelTestBase {
    static final int N = 500;

    @Test
    void infoNamesTheProgramAndCountsItsRunsWhileStatsAreOpen() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("uprobe_test"))) {
            assertTrue(obj.program("on_call").info().isEmpty(), "no info before load");
            obj.load();
            BpfProgram p = obj.program("on_call");
            ProgramInfo info = p.info().orElseThrow();
            assertEquals("on_call", info.name());
            assertEquals("kprobe", info.typeName(), "uprobes are kprobe-type programs");
            assertEquals(16, info.tag().length());
            assertTrue(info.id() > 0);
            assertTrue(info.btfId() > 0, "loaded with BTF");
            long hits = io.bpfx.engine.MapInfo.of(obj.map("hits").fd()).orElseThrow().id();
            assertTrue(Arrays.stream(info.mapIds()).anyMatch(id -> id == hits), "uses map hits: " + info);

            UprobeLocation loc = new UprobeLocator(LibraryResolver.system())
                    .locate(NativeBuild.bin("uprobe_target") + ":bpfx_target_fn", null);
            try (BpfStats stats = BpfStats.enable();
                 Workload w = Workload.start("uprobe_target", String.valueOf(N))) {
                assertTrue(BpfStats.enabled());
                p.attach(new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, w.pid()));
                assertEquals(N, w.go().awaitDone());
                ProgramInfo after = p.info().orElseThrow();
                assertEquals(N, after.runCount(), "one run per call of the traced pid");
                assertTrue(after.runTimeNs() > 0);
            }
        }
    }
}
