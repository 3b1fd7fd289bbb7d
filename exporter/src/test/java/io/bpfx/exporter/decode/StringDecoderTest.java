package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StringDecoderTest {

    private final StringDecoder decoder = new StringDecoder();

    @Test
    void regularStringPassesThrough() throws Exception {
        assertEquals("regular string", run(decoder, text("regular string")));
    }

    @Test
    void cutsAtFirstNulAndDropsWhatFollows() throws Exception {
        byte[] in = DecoderTesting.bytes('s', 'd', 'a', 0, 'x', 'y', 0, 0);
        assertEquals("sda", run(decoder, in));
    }

    @Test
    void allNulIsEmpty() throws Exception {
        assertEquals("", run(decoder, bytes(0, 0, 0, 0)));
    }
}
