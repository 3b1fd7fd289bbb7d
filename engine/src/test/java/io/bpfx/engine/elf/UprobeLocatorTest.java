package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UprobeLocatorTest {

    private static LibraryResolver system;
    private static Path libc;
    private static Path luajit;
    private static Path target;

    @BeforeAll
    static void setUp() {
        system = LibraryResolver.system();
        libc = system.resolveBinary("libc.so.6");
        luajit = system.resolveBinary("libluajit-5.1.so.2");
        target = TestFiles.workload("uprobe_target").toAbsolutePath().normalize();
    }

    private static long expectedOffset(Path file, String printedName, boolean dynamic) {
        return Readelf.fileOffset(file, Readelf.symbolValue(file, printedName, dynamic));
    }

    @Test
    void bareSymbolIsFoundInTheOnlyLibraryDefiningIt() {
        UprobeLocator locator = new UprobeLocator(system);
        UprobeLocation location = locator.locate("lua_pcall", null);
        long offset = expectedOffset(luajit, "lua_pcall", true);
        assertEquals(new UprobeLocation(luajit, "lua_pcall", offset,
                String.format("%s:lua_pcall (offset 0x%x)", luajit, offset), true), location);
        assertEquals("libluajit-5.1.so.2", location.binary().getFileName().toString());
        assertTrue(locator.lastWasSearched());
    }

    @Test
    void bareSymbolPrefersLibc() {
        UprobeLocation location = new UprobeLocator(system).locate("malloc", null);
        assertEquals(libc, location.binary());
        assertEquals(expectedOffset(libc, "malloc@@GLIBC_2.2.5", true), location.fileOffset());
        assertTrue(location.searched());
    }

    @Test
    void bareSymbolLooksInTheDefaultBinaryFirst() {
        UprobeLocator locator = new UprobeLocator(system);
        UprobeLocation own = locator.locate("bpfx_target_fn", target.toString());
        assertEquals(target, own.binary());
        assertEquals(expectedOffset(target, "bpfx_target_fn", false), own.fileOffset());
        assertFalse(own.searched());
        assertFalse(locator.lastWasSearched());

        UprobeLocation fromLibc = locator.locate("malloc", target.toString());
        assertEquals(libc, fromLibc.binary());
        assertTrue(locator.lastWasSearched());
    }

    @Test
    void explicitBinaryByStemSymbolAndOffset() {
        UprobeLocator locator = new UprobeLocator(system);
        long malloc = expectedOffset(libc, "malloc@@GLIBC_2.2.5", true);

        UprobeLocation plain = locator.locate("libc:malloc", null);
        assertEquals(new UprobeLocation(libc, "malloc", malloc,
                String.format("%s:malloc (offset 0x%x)", libc, malloc), false), plain);
        assertFalse(locator.lastWasSearched());

        UprobeLocation hex = locator.locate("libc.so.6:malloc+0x10", null);
        assertEquals(malloc + 0x10, hex.fileOffset());
        assertEquals(String.format("%s:malloc+0x10 (offset 0x%x)", libc, malloc + 0x10), hex.describe());
        assertEquals(malloc + 16, locator.locate("libc:malloc+16", null).fileOffset());
        assertEquals(malloc, locator.locate(libc + ":malloc", null).fileOffset());
    }

    @Test
    void offsetPastTheFunctionIsRejected() {
        ElfSymbol malloc = ElfFile.read(libc).findFunction("malloc").orElseThrow();
        var e = assertThrows(BpfxException.BadInput.class,
                () -> new UprobeLocator(system).locate("libc:malloc+" + malloc.size(), null));
        assertEquals(String.format("offset 0x%x is past the end of malloc in %s (size 0x%x)", malloc.size(), libc, malloc.size()),
                e.getMessage());
    }

    @Test
    void addressPlacesConvertVirtualAddressToFileOffset() {
        long vaddr = Readelf.symbolValue(target, "bpfx_other_fn", false);
        long offset = Readelf.fileOffset(target, vaddr);
        UprobeLocator locator = new UprobeLocator(system);
        UprobeLocation location = locator.locate(String.format("%s:0x%x", target, vaddr), null);
        assertEquals(new UprobeLocation(target, null, offset,
                String.format("%s:0x%x (offset 0x%x)", target, vaddr, offset), false), location);
        assertEquals(offset, locator.locate(target + ":" + vaddr, null).fileOffset(), "decimal address");
        assertEquals(offset, locator.locate(String.format("0x%x", vaddr), target.toString()).fileOffset());

        var e = assertThrows(BpfxException.BadInput.class, () -> locator.locate("0x1234", null));
        assertEquals("uprobe place \"0x1234\" is an address but names no binary: write \"binary:0x1234\"", e.getMessage());
    }

    @Test
    void versionedSymbolPicksThatVersion() {
        UprobeLocator locator = new UprobeLocator(system);
        assertEquals(expectedOffset(libc, "memcpy@GLIBC_2.2.5", true),
                locator.locate("libc:memcpy@GLIBC_2.2.5", null).fileOffset());
        UprobeLocation current = locator.locate("libc:memcpy", null);
        long offset = expectedOffset(libc, "memcpy@@GLIBC_2.14", true);
        assertEquals(offset, current.fileOffset());
        assertEquals(String.format("%s:memcpy (offset 0x%x, ifunc resolver)", libc, offset), current.describe());

        var e = assertThrows(BpfxException.NotFound.class, () -> locator.locate("libc:malloc@GLIBC_9", null));
        assertEquals("symbol malloc@GLIBC_9 not found in " + libc + "; it has malloc@@GLIBC_2.2.5", e.getMessage());
    }

    @Test
    void unknownBareSymbolNamesWhatWasSearched() {
        var e = assertThrows(BpfxException.NotFound.class, () -> new UprobeLocator(system).locate("lua_pcallx", null));
        assertEquals("symbol lua_pcallx not found in libc.so.6 or any of " + system.loaderLibraries().size()
                + " libraries known to the loader (" + system.sourceSummary() + ")", e.getMessage());
        if (System.getenv("LD_LIBRARY_PATH") == null) assertEquals("/etc/ld.so.cache", system.sourceSummary());

        e = assertThrows(BpfxException.NotFound.class,
                () -> new UprobeLocator(system).locate("lua_pcallx", target.toString()));
        assertTrue(e.getMessage().startsWith("symbol lua_pcallx not found in " + target + ", libc.so.6 or any of "),
                e.getMessage());
    }

    @Test
    void unknownSymbolInExplicitBinarySuggestsCloseNames() {
        var e = assertThrows(BpfxException.NotFound.class,
                () -> new UprobeLocator(system).locate("libluajit-5.1:lua_pcallx", null));
        assertEquals("symbol lua_pcallx not found in " + luajit + "; similar: lua_pcall, lua_call, lua_cpcall",
                e.getMessage());
        ElfFile elf = ElfFile.read(luajit);
        for (String name : List.of("lua_pcall", "lua_call", "lua_cpcall")) {
            assertTrue(elf.findFunction(name).isPresent(), "suggested " + name + " exists");
        }

        e = assertThrows(BpfxException.NotFound.class,
                () -> new UprobeLocator(system).locate(target + ":zzqqxxyyww", null));
        assertEquals("symbol zzqqxxyyww not found in " + target + "; no similar names among its functions", e.getMessage());
    }

    @Test
    void dataObjectsAreNotProbePlaces() {
        var e = assertThrows(BpfxException.BadInput.class, () -> new UprobeLocator(system).locate("libc:environ", null));
        assertEquals("environ in " + libc + " is a data object, not a function", e.getMessage());
    }

    @Test
    void symbolInSeveralLibrariesIsAmbiguous(@TempDir Path dir) throws IOException {
        Path first = Files.copy(libc, Files.createDirectory(dir.resolve("a")).resolve("libfirst.so.6"));
        Path second = Files.copy(libc, Files.createDirectory(dir.resolve("b")).resolve("libsecond.so.6"));
        LibraryResolver two = LibraryResolver.of(List.of(
                new LibraryEntry("libfirst.so.6", first, true),
                new LibraryEntry("libsecond.so.6", second, true)), List.of());
        var e = assertThrows(BpfxException.Ambiguous.class, () -> new UprobeLocator(two).locate("malloc", null));
        assertEquals("symbol malloc is defined in 2 of the 2 libraries known to the loader (a given list of 2 libraries): "
                + first + ", " + second + "; write \"binary:malloc\" to pick one, e.g. \"" + first + ":malloc\"", e.getMessage());

        UprobeLocation picked = new UprobeLocator(two).locate("libsecond.so.6:malloc", null);
        assertEquals(second, picked.binary());
        assertEquals(expectedOffset(libc, "malloc@@GLIBC_2.2.5", true), picked.fileOffset());
    }

    @Test
    void usdtPlaceCountsSites() {
        UprobeLocator locator = new UprobeLocator(system);
        assertEquals(new UsdtLocation(target, "bpfx", "tick", Readelf.usdtNotes(target).size()),
                locator.locateUsdt(target + ":bpfx:tick"));

        var e = assertThrows(BpfxException.NotFound.class, () -> locator.locateUsdt(target + ":bpfx:tock"));
        assertEquals("USDT probe bpfx:tock not found in " + target + "; it has: bpfx:tick", e.getMessage());

        Path openloop = TestFiles.workload("openloop").toAbsolutePath().normalize();
        e = assertThrows(BpfxException.NotFound.class, () -> locator.locateUsdt(openloop + ":bpfx:tick"));
        assertEquals("USDT probe bpfx:tick not found: " + openloop + " has no USDT probes (no .note.stapsdt section)",
                e.getMessage());

        assertThrows(BpfxException.BadInput.class, () -> locator.locateUsdt("bpfx:tick"));
        assertThrows(BpfxException.BadInput.class, () -> locator.locateUsdt(target + "::tick"));
        assertThrows(BpfxException.NotFound.class, () -> locator.locateUsdt("/nonexistent/x:bpfx:tick"));
    }

    @Test
    void corruptBinaryIsReportedAsSuch(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.so"), "not an elf, just text that is long enough to be read\n".repeat(3));
        assertThrows(BpfxException.CorruptObject.class, () -> new UprobeLocator(system).locate(fake + ":main", null));
    }
}
