package io.bpfx.engine.kernel;

import io.bpfx.engine.system.Feature;
import io.bpfx.engine.system.Features;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probes on this machine (see BRIEF: CONFIG_KPROBES off, fentry EPERM, no PMU):
 * each answer comes from a program loaded or a PMU opened, and names why for a no.
 */
class FeaturesKernelTest extends KernelTestBase {

    @Test
    void thisMachineAsProbed() {
        Features f = Features.probe();
        f.all().forEach(x -> System.err.println(x));
        assertFalse(f.available("kprobes"), f.get("kprobes").toString());
        assertTrue(f.get("kprobes").orElseThrow().detail().contains("CONFIG_KPROBES"));
        assertFalse(f.available("fentry"), f.get("fentry").toString());
        assertTrue(f.get("fentry").orElseThrow().detail().contains("do_nanosleep"), "names what it tried");
        assertFalse(f.available("perf_hardware"));
        assertTrue(f.get("perf_hardware").orElseThrow().detail().contains("no hardware PMU"));
        for (String yes : new String[]{"btf", "tracefs", "tracepoints", "tp_btf", "uprobes", "usdt", "perf_software",
                "ringbuf", "iterators", "batch_ops", "bpf_stats", "jit", "capabilities", "libbpf"}) {
            assertTrue(f.available(yes), yes + ": " + f.get(yes));
        }
        for (Feature x : f.all()) {
            assertEquals(x.available(), x.fix().isEmpty(), "a no says what to do, a yes does not: " + x);
        }
        assertTrue(f.get("libbpf").orElseThrow().detail().matches("libbpf \\d+\\.\\d+"));
    }
}
