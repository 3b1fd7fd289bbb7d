package io.bpfx.cli.serve;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A run's words over HTTP read as bpfx run reads them. */
class RunArgsTest {
    @Test
    void runOptionsAreTakenTheRestGoesToEntry() {
        RunArgs a = RunArgs.parse(List.of("--pid", "42", "-c", "file=/x", "--duration=2.5", "libc:malloc", "-v", "--", "--pid", "7"));
        assertEquals(42, a.pid());
        assertEquals(Map.of("file", "/x", "pid", 42L), a.config());
        assertEquals(2.5, a.durationSeconds());
        assertEquals(true, a.verbose());
        assertEquals(List.of("libc:malloc", "--pid", "7"), a.entryArgs());
    }

    @Test
    void badValuesAreOneLine() {
        assertEquals("--pid: not a process id: x",
                assertThrows(BpfxException.BadInput.class, () -> RunArgs.parse(List.of("--pid", "x"))).getMessage());
        assertEquals("--pid needs a value", assertThrows(BpfxException.BadInput.class, () -> RunArgs.parse(List.of("--pid"))).getMessage());
        assertEquals("-c wants KEY=VALUE, got x", assertThrows(BpfxException.BadInput.class, () -> RunArgs.parse(List.of("-c", "x"))).getMessage());
        assertThrows(BpfxException.BadInput.class, () -> RunArgs.parse(List.of("--duration", "-1")));
    }
}
