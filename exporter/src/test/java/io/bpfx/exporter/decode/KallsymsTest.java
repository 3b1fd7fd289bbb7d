package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KallsymsTest {

    private static final String TEXT = """
            ffffffff81234560 T do_sys_open
            ffffffff81000000 T _stext
            ffffffffc0a01000 t ext4_foo\t[ext4]
            ffffffff81234600 t helper
            """;

    @Test
    void exactLookupNeedsTheStartAddress() throws Exception {
        Kallsyms k = Kallsyms.ofText(TEXT);
        assertEquals("do_sys_open", k.exact(0xffffffff81234560L));
        assertEquals("_stext", k.exact(0xffffffff81000000L));
        assertEquals("ext4_foo", k.exact(0xffffffffc0a01000L));
        assertNull(k.exact(0xffffffff81234561L));
        assertEquals(4, k.size());
    }

    @Test
    void containingLookupFindsTheEnclosingSymbolUnsigned() throws Exception {
        Kallsyms k = Kallsyms.ofText(TEXT);
        assertEquals("do_sys_open", k.containing(0xffffffff812345ffL));
        assertEquals("helper", k.containing(0xffffffff81234600L));
        assertEquals("ext4_foo", k.containing(0xffffffffc0a01234L));
        assertNull(k.containing(0x1000L));
    }

    @Test
    void parsesOnceAndRereadsOnlyOnMissesAtMostOncePerInterval() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        StringBuilder text = new StringBuilder("0000000000000004 T one\n");
        AtomicLong now = new AtomicLong(0);
        Kallsyms k = new Kallsyms(() -> {
            reads.incrementAndGet();
            return new StringReader(text.toString());
        }, Duration.ofSeconds(1), now::get);

        assertEquals("one", k.exact(4));
        assertEquals("one", k.exact(4));
        assertEquals(1, reads.get());

        text.append("0000000000000008 T two\n");
        assertNull(k.exact(8)); // miss right after loading: too early to re-read
        assertEquals(1, reads.get());

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals("two", k.exact(8)); // miss later: re-read finds the new symbol
        assertEquals(2, reads.get());
    }

    @Test
    void hiddenAddressesResolveNothing() throws Exception {
        // what an unprivileged reader sees with kptr_restrict
        Kallsyms k = Kallsyms.ofText("0000000000000000 T _stext\n0000000000000000 T do_sys_open\n");
        assertNull(k.containing(0xffffffff81234560L));
        assertEquals(0, k.size());
    }

    @Test
    void framesResolveEachAddress() throws Exception {
        Kallsyms k = Kallsyms.ofText(TEXT);
        assertArrayEquals(new String[] {"helper", "do_sys_open", null},
                k.frames(new long[] {0xffffffff81234610L, 0xffffffff81234570L, 0x10L}));
    }

    @Test
    void addressesGiveEachWantedSymbolsFirstAddressInFileOrder() throws Exception {
        Kallsyms k = Kallsyms.ofText(TEXT + "ffffffff81000010 t helper\n");
        assertEquals(java.util.Map.of("helper", 0xffffffff81234600L, "ext4_foo", 0xffffffffc0a01000L),
                k.addresses(java.util.List.of("helper", "ext4_foo", "no_such_symbol")));
        assertEquals(java.util.Map.of(), k.addresses(java.util.List.of()));
    }
}
