package io.bpfx.engine;

import io.bpfx.engine.build.BpfCompilerErrors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small pure pieces of the engine: CPU lists, capability checks, verifier log tails, event names. */
class EngineUnitTest {
    @Test
    void cpuListsAsTheKernelPrintsThem() {
        assertEquals(List.of(0, 1, 2, 3, 5), Cpus.parseList("0-3,5\n"));
        assertEquals(List.of(0), Cpus.parseList("0"));
        assertEquals(List.of(), Cpus.parseList(""));
    }

    @Test
    void capabilities() {
        long sysAdmin = 1L << Capabilities.CAP_SYS_ADMIN;
        long bpfAndPerfmon = (1L << Capabilities.CAP_BPF) | (1L << Capabilities.CAP_PERFMON);
        assertTrue(Capabilities.canLoadBpf(sysAdmin));
        assertTrue(Capabilities.canLoadBpf(bpfAndPerfmon));
        assertFalse(Capabilities.canLoadBpf(1L << Capabilities.CAP_BPF));
        assertFalse(Capabilities.canLoadBpf(0));
        assertEquals("bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_BPF and CAP_PERFMON): run it with sudo",
                Capabilities.missingMessage(0));
        assertEquals("bpfx needs root, or CAP_BPF and CAP_PERFMON (this process lacks CAP_PERFMON): run it with sudo",
                Capabilities.missingMessage(1L << Capabilities.CAP_BPF));
    }

    @Test
    void verifierLogTailSkipsStatistics() {
        String log = "0: (b7) r1 = 0\n; *v += 1; @ x.bpf.c:20\n7: (79) r1 = *(u64 *)(r0 +0)\n"
                + "R0 invalid mem access 'map_value_or_null'\nverification time 12 usec\nstack depth 4\n"
                + "processed 8 insns (limit 1000000) max_states_per_insn 0\n";
        assertEquals(List.of("; *v += 1; @ x.bpf.c:20", "7: (79) r1 = *(u64 *)(r0 +0)", "R0 invalid mem access 'map_value_or_null'"),
                LoadErrors.tail(log));
    }

    @Test
    void clangDiagnosticsBecomeFileLineMessages() {
        String stderr = "/tmp/x/opensnoop.bpf.c:12:5: error: use of undeclared identifier 'foo'\n    foo();\n    ^\n1 error generated.\n";
        assertEquals("opensnoop.bpf.c:12: use of undeclared identifier 'foo'",
                BpfCompilerErrors.firstError(stderr, java.nio.file.Path.of("opensnoop.bpf.c")));
        assertEquals("examples/a.bpf.c:3: 'vmlinux.h' file not found",
                BpfCompilerErrors.firstError("/abs/examples/a.bpf.c:3:10: fatal error: 'vmlinux.h' file not found\n",
                        java.nio.file.Path.of("examples/a.bpf.c")));
        assertEquals("clang failed on a.bpf.c: boom", BpfCompilerErrors.firstError("boom\n", java.nio.file.Path.of("a.bpf.c")));
    }

    @Test
    void perfEventNamesMatchPerfList() {
        assertEquals(new PerfEvents.EventCode(PerfEvents.TYPE_SOFTWARE, 2), PerfEvents.lookup("page-faults").orElseThrow());
        assertEquals(PerfEvents.lookup("cycles"), PerfEvents.lookup("cpu-cycles"));
        assertTrue(PerfEvents.lookup("nope").isEmpty());
    }

    @Test
    void mapTypesByKernelNumber() {
        assertEquals(MapType.RINGBUF, MapType.of(27));
        assertEquals(MapType.LRU_PERCPU_HASH, MapType.of(10));
        assertTrue(MapType.of(10).isPerCpu());
        assertEquals(MapType.UNKNOWN, MapType.of(999));
        assertTrue(MapType.PERF_EVENT_ARRAY.isEventStream());
        assertFalse(MapType.RINGBUF.isReadable());
    }
}
