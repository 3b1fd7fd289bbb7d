package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HexDecoderTest {

    @Test
    void lowercaseHexInMemoryOrder() throws Exception {
        assertEquals("00ab10ff", run(new HexDecoder(), bytes(0x00, 0xab, 0x10, 0xff)));
    }

    @Test
    void emptyIsEmpty() throws Exception {
        assertEquals("", run(new HexDecoder(), bytes()));
    }
}
