package io.bpfx.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The launcher records its class-data-sharing archive from `bpfx __train`, and drops it when that fails. */
class TrainCommandTest {
    @Test
    void trainingRunSucceedsWithoutAKernel() {
        assertEquals(ExitCodes.OK, Main.execute("__train"));
    }
}
