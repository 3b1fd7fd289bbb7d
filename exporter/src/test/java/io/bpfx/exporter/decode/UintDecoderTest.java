package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UintDecoderTest {

    private final UintDecoder decoder = new UintDecoder();

    @Test
    void readsEachSizeLittleEndian() throws Exception {
        assertEquals("1", run(decoder, bytes(0x01)));
        assertEquals("258", run(decoder, bytes(0x02, 0x01)));
        assertEquals("67305985", run(decoder, bytes(0x01, 0x02, 0x03, 0x04)));
        assertEquals("8", run(decoder, bytes(0x08, 0, 0, 0, 0, 0, 0, 0)));
    }

    @Test
    void isUnsignedAtEverySize() throws Exception {
        assertEquals("255", run(decoder, bytes(0xff)));
        assertEquals("65535", run(decoder, bytes(0xff, 0xff)));
        assertEquals("4294967295", run(decoder, bytes(0xff, 0xff, 0xff, 0xff)));
        assertEquals("18446744073709551615", run(decoder, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)));
    }

    @Test
    void rejectsOtherSizes() {
        DecodeException e = assertThrows(DecodeException.class, () -> run(decoder, bytes(1, 2, 3)));
        assertTrue(e.getMessage().contains("unknown value length 3"), e.getMessage());
    }
}
