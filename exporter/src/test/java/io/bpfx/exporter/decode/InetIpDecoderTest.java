package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.bytes;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InetIpDecoderTest {

    private final InetIpDecoder decoder = new InetIpDecoder();

    @Test
    void ipv4() throws Exception {
        assertEquals("1.2.3.4", run(decoder, bytes(1, 2, 3, 4)));
        assertEquals("255.0.10.200", run(decoder, bytes(255, 0, 10, 200)));
    }

    @Test
    void ipv6CompressesTheLongestZeroRun() throws Exception {
        byte[] in = bytes(0x24, 0x00, 0xcb, 0x00, 0x00, 0x04, 0x10, 0x24, 0, 0, 0, 0, 0xa2, 0x9e, 0xfd, 0x8f);
        assertEquals("2400:cb00:4:1024::a29e:fd8f", run(decoder, in));
    }

    @Test
    void ipv6EdgeRuns() throws Exception {
        assertEquals("::1", run(decoder, bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)));
        assertEquals("::", run(decoder, new byte[16]));
        assertEquals("fe80::", run(decoder, bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        // the longest run wins; of two equally long runs the first one
        assertEquals("1:0:0:1::1", run(decoder, bytes(0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1)));
        assertEquals("1::1:0:0:1:1", run(decoder, bytes(0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1)));
    }

    @Test
    void singleZeroGroupIsNotCompressed() throws Exception {
        assertEquals("1:0:1:1:1:1:1:1", run(decoder, bytes(0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1)));
    }

    @Test
    void ipv4MappedPrintsAsIpv4() throws Exception {
        assertEquals("10.0.0.1", run(decoder, bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1)));
    }

    @Test
    void otherLengthsAsGoPrintsThem() throws Exception {
        assertEquals("?010203", run(decoder, bytes(1, 2, 3)));
        assertEquals("<nil>", run(decoder, bytes()));
    }
}
