package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallDecoderTest {

    private final SyscallDecoder decoder = new SyscallDecoder();

    @Test
    void namesX8664Syscalls() throws Exception {
        assertEquals("read", run(decoder, text("0")));
        assertEquals("write", run(decoder, text("1")));
        assertEquals("execve", run(decoder, text("59")));
        assertEquals("openat", run(decoder, text("257")));
        assertEquals("io_uring_setup", run(decoder, text("425")));
    }

    @Test
    void unknownNumbers() throws Exception {
        assertEquals("unknown_syscall:99999", run(decoder, text("99999")));
    }

    @Test
    void tableCoversTheWholeGeneratedHeader() {
        assertTrue(NumberNames.resource("syscalls-x86_64.txt").size() > 350);
    }

    @Test
    void needsDecimalTextFromAUintStep() {
        DecodeException e = assertThrows(DecodeException.class,
                () -> run(decoder, DecoderTesting.bytes(0x3b, 0, 0, 0)));
        assertTrue(e.getMessage().contains("put a uint decoder before it"), e.getMessage());
    }

    @Test
    void chainedAfterUint() throws Exception {
        byte[] decimal = new UintDecoder().decode(DecoderTesting.bytes(0x3b, 0, 0, 0, 0, 0, 0, 0), null);
        assertEquals("execve", run(decoder, decimal));
    }
}
