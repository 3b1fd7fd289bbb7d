package io.bpfx.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher records its class-data-sharing archive from `bpfx __train`, and drops it when that fails. */
class TrainCommandTest {
    @Test
    void trainingRunSucceedsWithoutAKernel() {
        assertEquals(ExitCodes.OK, Main.execute("__train"));
    }

    @Test
    void trainingLoadsTheClassesOfTheKernelPath() throws Exception {
        // the part a run without a kernel can't walk: loading, attaching, ring buffers, map reads
        String list = new String(Main.class.getResourceAsStream("startup-classes.txt").readAllBytes());
        for (String c : new String[] {"io.bpfx.engine.BpfProgram", "io.bpfx.engine.RingBufferReader",
                "io.bpfx.engine.MapIterator", "io.bpfx.dsl.MapPrinter", "org.luaj.vm2.LuaTable"}) {
            assertTrue(list.contains(c + "\n"), c + " missing from startup-classes.txt");
        }
        assertTrue(TrainCommand.preloadStartupClasses() > 900, "most listed classes load");
    }
}
