package io.bpfx.cli.run;

import io.bpfx.engine.testing.NativeBuild;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Event tables through {@code bpfx run}, records of a real ring buffer (bench_ringbuf.bpf.c, 4 per
 * getppid() of syscall_loop, paced so many drains deliver them): a callback that only reads fields
 * gets one reused table read in place, one that keeps its table (in a table, in a closure) gets a
 * table per record. Either way every record arrives once, in order, and a kept table still holds
 * its own record's values after thousands of later records.
 */
class EventTablesRunTest extends RunTestBase {
    private static final int CALLS = 15_000, BURST = 4, TOTAL = CALLS * BURST;

    @ParameterizedTest
    @ValueSource(strings = {"read", "keep", "capture"})
    void everyRecordOnceWithItsOwnValues(String mode) {
        try (Workload w = Workload.start("syscall_loop", String.valueOf(CALLS), "30000")) {
            try (BpfxProcess bpfx = Bpfx.run(resource("scripts/events_kept.lua"),
                    "-c", "src=" + NativeBuild.root().resolve("native/bpf/bench_ringbuf.bpf.c"), "-c", "pid=" + w.pid(),
                    "-c", "burst=" + BURST, "-c", "total=" + TOTAL, "-c", "mode=" + mode).start()) {
                bpfx.awaitAttached("kept");
                assertEquals(CALLS, w.go().awaitDone());
                BpfxProcess.Result r = bpfx.awaitExit();
                assertEquals(0, r.exitCode(), r::toString);
                assertNoStackTrace(r);
                long sum = (long) TOTAL * (TOTAL - 1) / 2;
                assertEquals(java.util.List.of("n=" + TOTAL + " sum=" + sum + " bad=0"), r.stdout(), r::toString);
            }
        }
    }
}
