package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ErrnoDecoderTest {

    private final ErrnoDecoder decoder = new ErrnoDecoder();

    @Test
    void namesErrnos() throws Exception {
        assertEquals("EPERM", run(decoder, text("1")));
        assertEquals("ENOENT", run(decoder, text("2")));
        assertEquals("ETIMEDOUT", run(decoder, text("110")));
        assertEquals("EHWPOISON", run(decoder, text("133")));
    }

    @Test
    void aliasesKeepTheCanonicalName() throws Exception {
        // EWOULDBLOCK and EDEADLOCK are aliases; Go's unix.ErrnoName gives these
        assertEquals("EAGAIN", run(decoder, text("11")));
        assertEquals("EDEADLK", run(decoder, text("35")));
        assertEquals("EOPNOTSUPP", run(decoder, text("95")));
    }

    @Test
    void unknownNumbers() throws Exception {
        assertEquals("unknown:0", run(decoder, text("0")));
        assertEquals("unknown:4095", run(decoder, text("4095")));
    }

    @Test
    void rejectsNonNumbers() {
        assertThrows(DecodeException.class, () -> run(decoder, text("-2")));
    }
}
