package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UprobePlaceTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new UprobePlace(null, "lua_pcall", 0, 0), UprobePlace.parse("lua_pcall"));
        assertEquals(new UprobePlace("libc", "malloc", 0, 0), UprobePlace.parse("libc:malloc"));
        assertEquals(new UprobePlace("/usr/bin/bash", "readline", 0, 0), UprobePlace.parse("/usr/bin/bash:readline"));
        assertEquals(new UprobePlace("libc.so.6", "malloc", 0x10, 0), UprobePlace.parse("libc.so.6:malloc+0x10"));
        assertEquals(new UprobePlace("libc", "malloc", 16, 0), UprobePlace.parse("libc:malloc+16"));
        assertEquals(new UprobePlace("/path/bin", null, 0, 0x1234), UprobePlace.parse("/path/bin:0x1234"));
        assertEquals(new UprobePlace("/path/bin", null, 0, 4660), UprobePlace.parse("/path/bin:4660"));
        assertEquals(new UprobePlace(null, null, 0, 0xffff_ffff_ffff_0000L), UprobePlace.parse("0xffffffffffff0000"));
        assertEquals(new UprobePlace("libc", "memcpy@GLIBC_2.2.5", 0, 0), UprobePlace.parse(" libc:memcpy@GLIBC_2.2.5 "));
        assertTrue(UprobePlace.parse("/bin/x:0x10").isAddress());
        assertFalse(UprobePlace.parse("x:f").isAddress());
    }

    @Test
    void rejectsMalformedPlaces() {
        assertBad("", "empty uprobe place");
        assertBad("libc:", "bad uprobe place \"libc:\": no symbol or address after ':'");
        assertBad(":malloc", "bad uprobe place \":malloc\": nothing before ':'");
        assertBad("libc:malloc+zz", "bad uprobe place \"libc:malloc+zz\": offset \"zz\" is not a hex (0x..) or decimal number");
        assertBad("libc:0xgg", "bad uprobe place \"libc:0xgg\": address \"0xgg\" is not a hex (0x..) or decimal number");
        assertBad("libc:+4", "bad uprobe place \"libc:+4\": no symbol before '+'");
        assertBad("bin:prov:name", "bad uprobe place \"bin:prov:name\": too many ':' (a USDT place binary:provider:name is not a uprobe place)");
        assertBad("libc:mal loc", "bad uprobe place \"libc:mal loc\": ' ' cannot appear in a symbol name");
    }

    private static void assertBad(String place, String message) {
        var e = assertThrows(BpfxException.BadInput.class, () -> UprobePlace.parse(place));
        assertEquals(message, e.getMessage());
    }
}
