package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StaticMapDecoderTest {

    private final StaticMapDecoder decoder = new StaticMapDecoder();
    private final Map<String, String> ops = Map.of("1", "read", "2", "write");

    @Test
    void mapsKnownValues() throws Exception {
        assertEquals("read", run(decoder, text("1"), DecoderSpec.staticMap(ops, false)));
        assertEquals("write", run(decoder, text("2"), DecoderSpec.staticMap(ops, false)));
    }

    @Test
    void unknownValuesArePrefixed() throws Exception {
        assertEquals("unknown:3", run(decoder, text("3"), DecoderSpec.staticMap(ops, false)));
    }

    @Test
    void allowUnknownPassesUnknownValuesThrough() throws Exception {
        assertEquals("3", run(decoder, text("3"), DecoderSpec.staticMap(ops, true)));
        assertEquals("read", run(decoder, text("1"), DecoderSpec.staticMap(ops, true)));
    }

    @Test
    void emptyMappingSaysSo() throws Exception {
        assertEquals("empty mapping", run(decoder, text("1"), DecoderSpec.staticMap(Map.of(), false)));
    }
}
