package io.bpfx.engine.kernel;

import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.Cpus;
import io.bpfx.engine.Link;
import io.bpfx.engine.PerfEvents;
import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedKernelTest extends KernelTestBase {

    @Test
    void rawTracepointSeesAtLeastTheSwitchesWeCause() throws Exception {
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("sched_test"))) {
            obj.program("on_sample").setAutoload(false);
            obj.load();
            obj.program("on_switch").attach(new AttachTarget.RawTracepoint("sched_switch"));
            for (int i = 0; i < 200; i++) Thread.sleep(1); // each sleep switches out and back in
            long switches = (Long) obj.map("switches").lookup(0L).orElseThrow();
            assertTrue(switches >= 400, "sched_switch count " + switches + " < 2 per sleep");
            assertTrue(switches < 2_000_000, "implausible sched_switch count " + switches);
        }
    }

    @Test
    void perfEventSamplingAtFixedFrequencyCountsOurBusyThread() throws Exception {
        List<Integer> cpus = Cpus.online();
        try (BpfObject obj = BpfObject.open(NativeBuild.bpfObject("sched_test"))) {
            obj.program("on_switch").setAutoload(false);
            obj.load();
            var code = PerfEvents.lookup("cpu-clock").orElseThrow();
            Link link = obj.program("on_sample").attach(new AttachTarget.PerfEvent("cpu-clock", code.type(), code.config(), 1000, 0, -1, cpus));
            assertEquals(cpus.size(), link.probeCount());
            long[] cpuNanos = new long[1];
            Thread busy = new Thread(() -> {
                long end = System.nanoTime() + 500_000_000L;
                long x = 0;
                while (System.nanoTime() < end) x++;
                if (x == 42) System.out.print("");
                cpuNanos[0] = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }, "bpfxbusy");
            busy.start();
            busy.join();
            link.close();
            long ours = 0;
            for (Map.Entry<Object, Object> e : obj.map("samples").entries()) {
                @SuppressWarnings("unchecked") Map<String, Object> key = (Map<String, Object>) e.getKey();
                if ("bpfxbusy".equals(key.get("comm"))) ours += (Long) e.getValue();
            }
            // at 1000 Hz a thread is sampled about once per millisecond it spends on a CPU
            // (the machine may be busy, so compare with the CPU time it really got)
            double expected = cpuNanos[0] / 1e6;
            assertTrue(expected > 50, "busy thread got too little CPU to judge: " + expected + " ms");
            assertTrue(ours >= expected * 0.7 && ours <= expected * 1.3 + 5,
                    "samples of the busy thread: " + ours + ", CPU time " + expected + " ms");
        }
    }
}
