package io.bpfx.exporter.decode;

import io.bpfx.exporter.Snapshots;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.Map;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.u32;
import static io.bpfx.exporter.Snapshots.u64;
import static io.bpfx.exporter.decode.DecoderTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KstackDecoderTest {

    private static byte[] addrs(long... a) {
        byte[][] parts = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            parts[i] = u64(a[i]);
        }
        return concat(parts);
    }

    /** The cases of ebpf_exporter's own kstack test, including a symbol that appears after loading. */
    @Test
    void addressArraysAsEbpfExporterDecodesThem() throws Exception {
        StringBuilder text = new StringBuilder("0000000000000004 T one\n0000000000000006 T two\n00000000000000aa T three\n");
        Kallsyms k = new Kallsyms(() -> new StringReader(text.toString()), Duration.ZERO);
        KstackDecoder decoder = new KstackDecoder(k, null);

        assertEquals("", run(decoder, addrs(0, 0)));
        assertEquals("one\none\ntwo", run(decoder, addrs(0x04, 0x05, 0x06, 0)));
        text.append("0000000000000002 T zero\n");
        assertEquals("three\ntwo\ntwo", run(decoder, addrs(0xab, 0x10, 0x06, 0)));
        assertEquals("three\nzero", run(decoder, addrs(0xab, 0x03, 0)));
        assertEquals("??\nthree\n??", run(decoder, addrs(0x01, 0xac, 0x01, 0)));
    }

    @Test
    void stackIdsGoThroughTheStackSource() throws Exception {
        Kallsyms k = Kallsyms.ofText("ffffffff81000000 T entry_SYSCALL_64\nffffffff81100000 T do_syscall_64\n"
                + "ffffffff81200000 T ksys_read\n");
        Map<Long, long[]> stacks = Map.of(7L, new long[] {0xffffffff81200010L, 0xffffffff81100020L, 0xffffffff81000030L, 0});
        KstackDecoder decoder = new KstackDecoder(k, stacks::get);

        assertEquals("ksys_read\ndo_syscall_64\nentry_SYSCALL_64", run(decoder, u32(7)));
        assertEquals("ksys_read\ndo_syscall_64\nentry_SYSCALL_64", run(decoder, u64(7)));
        // an 8-byte value that is a kernel address is a one-frame array, not an id
        assertEquals("ksys_read", run(decoder, u64(0xffffffff81200010L)));
    }

    @Test
    void badStackIdsAreErrors() {
        KstackDecoder decoder = new KstackDecoder(Kallsyms.ofText(""), id -> null);
        assertThrows(DecodeException.class, () -> run(decoder, u32(3)));          // not in the map
        assertThrows(DecodeException.class, () -> run(decoder, u32(-14)));        // -EFAULT from bpf_get_stackid
        assertThrows(DecodeException.class, () -> run(decoder, Snapshots.zeros(6)));
        KstackDecoder noSource = new KstackDecoder(Kallsyms.ofText(""), null);
        assertThrows(DecodeException.class, () -> run(noSource, u32(1)));
    }
}
