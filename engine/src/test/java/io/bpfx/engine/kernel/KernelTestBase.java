package io.bpfx.engine.kernel;

import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertNull;

/** Kernel tests: require a BPF-capable kernel and leave no program or link behind. */
abstract class KernelTestBase {
    private static BpfState before;

    @BeforeAll
    static void requireKernel() {
        Kernel.require();
        before = BpfState.now();
    }

    @AfterAll
    static void nothingLeftAttached() {
        if (before != null) {
            assertNull(BpfState.leakedSinceSettled(before), "programs or links left behind");
        }
    }
}
