package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocation;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UprobeKernelTest extends KernelTestBase {
    static final int N = 1000;

    private static UprobeLocation target(String symbol) {
        return new UprobeLocator(LibraryResolver.system()).locate(NativeBuild.bin("uprobe_target") + ":" + symbol, null);
    }

    @Test
    void uprobeUretprobeAndUsdtCountEveryCall() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("uprobe_test"))) {
            obj.load();
            UprobeLocation loc = target("bpfx_target_fn");
            try (Workload w = Workload.start("uprobe_target", String.valueOf(N))) {
                obj.program("on_call").attach(new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, w.pid()));
                obj.program("on_return").attach(new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), true, w.pid()));
                obj.program("on_tick").attach(new AttachTarget.Usdt(NativeBuild.bin("uprobe_target"), "bpfx", "tick", w.pid()));
                assertEquals(N, w.go().awaitDone());
            }
            BpfMap hits = obj.map("hits");
            assertEquals(Map.of(0L, (long) N), Map.of(0L, hits.lookup(0L).orElseThrow()));
            assertEquals((long) N, hits.lookup(1L).orElseThrow(), "uretprobe returns");
            assertEquals((long) N, hits.lookup(2L).orElseThrow(), "USDT fires");

            // bpfx_target_fn(i) returns i % 7: the return values' histogram is exact
            Map<Object, Object> expected = new HashMap<>();
            for (int i = 0; i < N; i++) expected.merge((long) (i % 7), 1L, (a, b) -> (Long) a + (Long) b);
            Map<Object, Object> rets = new HashMap<>();
            obj.map("rets").entries().forEach(e -> rets.put(e.getKey(), e.getValue()));
            assertEquals(expected, rets);

            // the USDT argument arrives: every i in 0..N-1 exactly once
            Map<Object, Object> args = new HashMap<>();
            obj.map("usdt_args").entries().forEach(e -> args.put(e.getKey(), e.getValue()));
            assertEquals(N, args.size());
            for (long i = 0; i < N; i++) assertEquals(1L, args.get(i), "usdt arg " + i);
        }
    }

    @Test
    void pidFilterIgnoresOtherProcesses() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("uprobe_test"))) {
            obj.load();
            UprobeLocation loc = target("bpfx_target_fn");
            try (Workload traced = Workload.start("uprobe_target", "300");
                 Workload other = Workload.start("uprobe_target", "500")) {
                obj.program("on_call").attach(new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, traced.pid()));
                other.go().awaitDone();
                traced.go().awaitDone();
            }
            assertEquals(300L, obj.map("hits").lookup(0L).orElseThrow());
        }
    }

    @Test
    void detachStopsCounting() {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("uprobe_test"))) {
            obj.load();
            UprobeLocation loc = target("bpfx_target_fn");
            var link = obj.program("on_call").attach(new AttachTarget.Uprobe(loc.binary(), loc.symbol(), loc.fileOffset(), false, -1));
            Workload.run("uprobe_target", "200");
            link.close();
            Workload.run("uprobe_target", "200");
            assertEquals(200L, obj.map("hits").lookup(0L).orElseThrow());
        }
    }
}
