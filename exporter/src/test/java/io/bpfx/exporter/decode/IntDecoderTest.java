package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntDecoderTest {

    private final IntDecoder decoder = new IntDecoder();

    @Test
    void signExtendsEachSize() throws Exception {
        assertEquals("-1", run(decoder, bytes(0xff)));
        assertEquals("-2", run(decoder, bytes(0xfe, 0xff)));
        assertEquals("-14", run(decoder, bytes(0xf2, 0xff, 0xff, 0xff)));
        assertEquals("-9223372036854775808", run(decoder, bytes(0, 0, 0, 0, 0, 0, 0, 0x80)));
        assertEquals("127", run(decoder, bytes(0x7f)));
    }

    @Test
    void rejectsOtherSizes() {
        assertThrows(DecodeException.class, () -> run(decoder, bytes(1, 2, 3, 4, 5)));
    }
}
