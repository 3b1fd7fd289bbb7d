package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DnameDecoderTest {

    private final DnameDecoder decoder = new DnameDecoder();

    @Test
    void emptyIsTheRoot() throws Exception {
        assertEquals(".", run(decoder, text("")));
    }

    @Test
    void singleLabel() throws Exception {
        assertEquals("com", run(decoder, text("\u0003com")));
    }

    @Test
    void labelsJoinWithDots() throws Exception {
        assertEquals("example.com", run(decoder, text("\u0007example\u0003com")));
    }

    @Test
    void lengthPastTheEndReturnsInputUnchanged() throws Exception {
        assertEquals("\u0005com", run(decoder, text("\u0005com")));
    }

    @Test
    void afterStringDecoderTheTerminatorIsGone() throws Exception {
        byte[] wire = DecoderTesting.bytes(3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0, 0, 0);
        byte[] trimmed = new StringDecoder().decode(wire, null);
        assertEquals("www.example.org", run(decoder, trimmed));
    }
}
