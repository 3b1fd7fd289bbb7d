package io.bpfx.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeSupportTest {
    @Test
    void sectionNamesMapToTheKindsToolsNeed() {
        assertEquals("tracepoint", ProbeSupport.kindOfSection("tracepoint/syscalls/sys_enter_kill"));
        assertEquals("tracepoint", ProbeSupport.kindOfSection("tp/sched/sched_switch"));
        assertEquals("raw_tracepoint", ProbeSupport.kindOfSection("raw_tp/sched_switch"));
        assertEquals("tp_btf", ProbeSupport.kindOfSection("tp_btf/sched_wakeup"));
        assertEquals("uprobe", ProbeSupport.kindOfSection("uretprobe"));
        assertEquals("uprobe", ProbeSupport.kindOfSection("uprobe/libc:malloc"));
        assertEquals("usdt", ProbeSupport.kindOfSection("usdt"));
        assertEquals("perf_event", ProbeSupport.kindOfSection("perf_event"));
        assertEquals("kprobe", ProbeSupport.kindOfSection("kretprobe/do_sys_openat2"));
        assertEquals("fentry", ProbeSupport.kindOfSection("fexit/do_unlinkat"));
    }

    @Test
    void theSimpleCheckAnswersWhatItCanAndSaysWhatItCannot() {
        ProbeSupport s = ProbeSupport.simple();
        assertTrue(s.check("raw_tracepoint").ok());
        assertTrue(s.check("perf_event").ok());
        ProbeSupport.Verdict fentry = s.check("fentry");
        assertFalse(fentry.checked(), "fentry needs a test load, which the simple check does not do");
        assertEquals("fentry not checked", fentry.why());
    }
}
