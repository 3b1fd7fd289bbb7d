package io.bpfx.exporter.metric;

import io.bpfx.exporter.decode.DecodeException;
import io.bpfx.exporter.decode.DecoderSet;
import io.bpfx.exporter.decode.Kallsyms;
import io.bpfx.exporter.decode.SkipSeries;
import io.bpfx.exporter.spec.DecoderSpec;
import io.bpfx.exporter.spec.LabelSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.bpfx.exporter.Snapshots.concat;
import static io.bpfx.exporter.Snapshots.cstr;
import static io.bpfx.exporter.Snapshots.u64;
import static io.bpfx.exporter.Snapshots.u8;
import static io.bpfx.exporter.Snapshots.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelDecoderTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final DecoderSet decoders = DecoderSet.builder().kallsyms(Kallsyms.ofText(""))
            .register("counting", (in, conf) -> {
                calls.incrementAndGet();
                return in;
            })
            .register("failing", (in, conf) -> {
                calls.incrementAndGet();
                throw new DecodeException("always fails");
            })
            .build();

    /** struct { char disk[32]; u8 op; (7 bytes padding) u64 slot; }: the README's padding example. */
    @Test
    void labelsReadTheirOffsetAndSizeSkippingPadding() throws Exception {
        List<LabelSpec> labels = List.of(
                new LabelSpec("device", 0, 32, List.of(DecoderSpec.of("string"))),
                new LabelSpec("op", 32, 1, List.of(DecoderSpec.of("uint"))),
                new LabelSpec("bucket", 40, 8, List.of(DecoderSpec.of("uint"))));
        byte[] key = concat(cstr("nvme0n1", 32), u8(2), new byte[] {9, 9, 9, 9, 9, 9, 9}, u64(17));
        assertEquals(48, key.length);
        LabelValues v = new LabelDecoder(labels, decoders, 10).decode(key);
        assertEquals(List.of("nvme0n1", "2", "17"), v.asList());
    }

    @Test
    void defaultDecodersComeFromSizeAndBtfHint() throws Exception {
        List<LabelSpec> labels = List.of(
                new LabelSpec("comm", 0, 16, List.of()).withHint(new io.bpfx.exporter.spec.BtfHint("comm", true, false)),
                new LabelSpec("ret", 16, 4, List.of()).withHint(new io.bpfx.exporter.spec.BtfHint("ret", false, true)),
                new LabelSpec("pid", 20, 4, List.of()),
                new LabelSpec("tag", 24, 3, List.of()));
        byte[] key = concat(cstr("bash", 16), new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x39, 0x30, 0, 0}, new byte[] {(byte) 0xca, (byte) 0xfe, 0x01});
        assertEquals(List.of("bash", "-2", "12345", "cafe01"), new LabelDecoder(labels, decoders, 10).decode(key).asList());
    }

    @Test
    void aKeyIsDecodedOnceThenServedFromTheCache() throws Exception {
        LabelDecoder d = new LabelDecoder(List.of(new LabelSpec("x", 0, 1, List.of(DecoderSpec.of("counting")))), decoders, 10);
        byte[] key = {'a'};
        assertEquals("a", d.decode(key).get(0));
        key[0] = 'a'; // same content in another call
        assertEquals("a", d.decode(new byte[] {'a'}).get(0));
        assertEquals(1, calls.get());
        assertEquals(1, d.cachedKeys());
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        LabelDecoder d = new LabelDecoder(List.of(new LabelSpec("x", 0, 1, List.of(DecoderSpec.of("counting")))), decoders, 2);
        d.decode(new byte[] {'a'});
        d.decode(new byte[] {'b'});
        d.decode(new byte[] {'a'});   // a is now the most recent
        d.decode(new byte[] {'c'});   // evicts b
        assertEquals(3, calls.get());
        d.decode(new byte[] {'a'});
        assertEquals(3, calls.get());
        d.decode(new byte[] {'b'});
        assertEquals(4, calls.get());
        assertEquals(2, d.cachedKeys());
    }

    @Test
    void skipsAreCachedErrorsAreNot() throws Exception {
        LabelDecoder skipping = new LabelDecoder(List.of(new LabelSpec("x", 0, 1,
                List.of(DecoderSpec.of("counting"), DecoderSpec.regexp(List.of("^z$"))))), decoders, 10);
        assertThrows(SkipSeries.class, () -> skipping.decode(new byte[] {'a'}));
        assertThrows(SkipSeries.class, () -> skipping.decode(new byte[] {'a'}));
        assertEquals(1, calls.get());

        calls.set(0);
        LabelDecoder failing = new LabelDecoder(List.of(new LabelSpec("x", 0, 1, List.of(DecoderSpec.of("failing")))), decoders, 10);
        DecodeException e = assertThrows(DecodeException.class, () -> failing.decode(new byte[] {'a'}));
        assertEquals("label x: always fails", e.getMessage());
        assertThrows(DecodeException.class, () -> failing.decode(new byte[] {'a'}));
        assertEquals(2, calls.get());
    }

    @Test
    void aLabelPastTheEndOfTheKeyIsAnError() {
        LabelDecoder d = new LabelDecoder(List.of(new LabelSpec("slot", 4, 8, List.of(DecoderSpec.of("uint")))), decoders, 10);
        DecodeException e = assertThrows(DecodeException.class, () -> d.decode(zeros(8)));
        assertTrue(e.getMessage().contains("needs bytes [4, 12) but the key is 8 bytes"), e.getMessage());
    }
}
