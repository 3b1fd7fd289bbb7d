package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import static io.bpfx.exporter.Snapshots.u64;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KsymDecoderTest {

    private final KsymDecoder decoder = new KsymDecoder(Kallsyms.ofText("""
            ffffffff81000000 T _stext
            ffffffff8129f5b0 T mark_page_accessed
            ffffffff812a1f40 T add_to_page_cache_lru
            """));

    @Test
    void resolvesFunctionStart() throws Exception {
        assertEquals("mark_page_accessed", run(decoder, u64(0xffffffff8129f5b0L)));
        assertEquals("add_to_page_cache_lru", run(decoder, u64(0xffffffff812a1f40L)));
    }

    @Test
    void unknownAddressesAreSpelledOut() throws Exception {
        assertEquals("unknown_addr:0xffffffff8129f5b1", run(decoder, u64(0xffffffff8129f5b1L)));
    }

    @Test
    void needsEightBytes() {
        assertThrows(DecodeException.class, () -> run(decoder, new byte[4]));
    }
}
