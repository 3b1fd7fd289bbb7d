package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PackageArchiveTest {
    private final PackageArchive a = Packages.archive("snoop", "1.0", List.of("tracepoint"));

    private static String refused(byte[] zip) {
        return assertThrows(BpfxException.BadInput.class, () -> PackageArchive.read(zip, "p.bpfx")).getMessage();
    }

    @Test
    void roundTrips() {
        byte[] zip = a.toZip();
        PackageArchive back = PackageArchive.read(zip, "p.bpfx");
        assertEquals(a.manifest(), back.manifest());
        assertEquals(a.files().keySet(), back.files().keySet());
        a.files().forEach((k, v) -> assertArrayEquals(v, back.files().get(k), k));
        assertArrayEquals(zip, back.toZip(), "the same package gives the same bytes");
    }

    @Test
    void truncatedOrNotAZip() {
        byte[] zip = a.toZip();
        for (int len : new int[] {0, 10, zip.length / 3, zip.length / 2, zip.length - 30}) {
            String msg = refused(Arrays.copyOf(zip, len));
            assertEquals(true, msg.startsWith("package p.bpfx: "), msg);
        }
        assertEquals("package p.bpfx: not a bpfx package (empty, truncated or not a zip)",
                refused("#!/bin/sh\nrm -rf /\n".getBytes()));
    }

    @Test
    void aTamperedEntryIsAChecksumMismatch() {
        Map<String, byte[]> e = Packages.entries(a);
        e.put("snoop.bpf.o", new byte[] {0x7f, 'E', 'L', 'F', 9, 9, 9});
        assertEquals("package p.bpfx: checksum mismatch in snoop.bpf.o (corrupt or tampered)", refused(Packages.zip(e)));
    }

    @Test
    void entriesMustBeExactlyTheManifests() {
        Map<String, byte[]> extra = Packages.entries(a);
        extra.put("evil.lua", new byte[1]);
        assertEquals("package p.bpfx: entry evil.lua is not in the manifest", refused(Packages.zip(extra)));
        Map<String, byte[]> missing = Packages.entries(a);
        missing.remove("snoop.lua");
        assertEquals("package p.bpfx: entry snoop.lua is missing (truncated?)", refused(Packages.zip(missing)));
        Map<String, byte[]> none = Packages.entries(a);
        none.remove(PackageManifest.FILE);
        assertEquals("package p.bpfx: no bpfx-package.json (truncated, or not a bpfx package)", refused(Packages.zip(none)));
    }

    @Test
    void zipSlipNamesAreRefusedBeforeUse() {
        for (String evil : List.of("../../etc/cron.d/x", "/etc/passwd", "a/../../x", "..\\x")) {
            Map<String, byte[]> e = Packages.entries(a);
            e.put(evil, new byte[1]);
            String msg = refused(Packages.zip(e));
            assertEquals(true, msg.contains("outside the package") || msg.contains("not a relative path"), msg);
        }
    }

    @Test
    void boundsSizesAsTheyInflate() {
        Map<String, byte[]> bomb = Packages.entries(a);
        bomb.put("zeros.bin", new byte[PackageArchive.MAX_ENTRY + 1]); // compresses to a few KiB
        byte[] zip = Packages.zip(bomb);
        assertEquals(true, zip.length < 100_000);
        assertEquals("package p.bpfx: entry zeros.bin is larger than 8 MiB", refused(zip));
        assertEquals("package p.bpfx: larger than 16 MiB", refused(new byte[PackageArchive.MAX_PACKAGE + 1]));
        Map<String, byte[]> many = Packages.entries(a);
        for (int i = 0; i < PackageArchive.MAX_ENTRIES; i++) many.put("f" + i, new byte[0]);
        assertEquals("package p.bpfx: more than 64 entries", refused(Packages.zip(many)));
    }
}
