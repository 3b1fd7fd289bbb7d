package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfFileTest {

    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @Test
    void findsWorkloadFunctionAtTheOffsetReadelfGives() {
        Path target = TestFiles.workload("uprobe_target");
        ElfFile elf = ElfFile.read(target);

        assertTrue(elf.isSharedObject(), "the workload is built as a PIE (ET_DYN)");
        assertEquals(ElfFile.EM_X86_64, elf.machine());
        for (String name : List.of("bpfx_target_fn", "bpfx_other_fn")) {
            ElfSymbol symbol = elf.findFunction(name).orElseThrow();
            long expectedValue = Readelf.symbolValue(target, name, false);
            assertEquals(name, symbol.name());
            assertEquals(expectedValue, symbol.value());
            assertEquals(ElfSymbol.FUNC, symbol.type());
            assertEquals(ElfSymbol.GLOBAL, symbol.binding());
            assertEquals(Readelf.fileOffset(target, expectedValue), elf.fileOffset(symbol.value()));
        }
    }

    @Test
    void dataSegmentAddressesMapThroughTheirOwnLoadSegment() {
        // __dso_handle lives in .data, whose PT_LOAD has p_vaddr != p_offset
        Path target = TestFiles.workload("uprobe_target");
        ElfFile elf = ElfFile.read(target);
        ElfSymbol handle = elf.symbols().stream().filter(s -> s.name().equals("__dso_handle")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.OBJECT, handle.type());
        long expected = Readelf.fileOffset(target, handle.value());
        assertTrue(expected != handle.value(), "test needs a segment whose offset differs from its address");
        assertEquals(expected, elf.fileOffset(handle.value()));
    }

    @Test
    void addressOutsideEverySegmentIsBadInput() {
        ElfFile elf = ElfFile.read(TestFiles.workload("uprobe_target"));
        var e = assertThrows(BpfxException.BadInput.class, () -> elf.fileOffset(0x7fff_0000_0000L));
        assertTrue(e.getMessage().contains("0x7fff00000000 is not in any loadable segment"), e.getMessage());
    }

    @Test
    void readsUsdtNoteLikeReadelf() {
        Path target = TestFiles.workload("uprobe_target");
        List<Readelf.Note> expected = Readelf.usdtNotes(target);
        assertEquals(1, expected.size(), "uprobe_target has one DTRACE_PROBE1 site");
        Readelf.Note note = expected.get(0);
        long baseSection = Readelf.sectionAddress(target, ".stapsdt.base");

        List<UsdtNote> notes = ElfFile.read(target).usdtNotes();
        assertEquals(List.of(new UsdtNote("bpfx", "tick", note.location() + (baseSection - note.base()),
                note.semaphore(), note.args())), notes);
        assertEquals("-8@%rbx", notes.get(0).args());
    }

    @Test
    void usdtPcFollowsAMovedStapsdtBase(@TempDir Path dir) throws IOException {
        // as if prelink had moved the file by 0x40: the note's recorded base is 0x40 below .stapsdt.base
        Path target = TestFiles.workload("uprobe_target");
        Readelf.Note note = Readelf.usdtNotes(target).get(0);
        long descAt = Readelf.sectionOffset(target, ".note.stapsdt") + 12 + 8;   // note header, "stapsdt\0"
        byte[] bytes = Files.readAllBytes(target);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(note.location(), buf.getLong((int) descAt));
        assertEquals(note.base(), buf.getLong((int) descAt + 8));
        buf.putLong((int) descAt + 8, note.base() - 0x40);
        Path moved = Files.write(dir.resolve("moved"), bytes);

        UsdtNote parsed = ElfFile.read(moved).usdtNotes().get(0);
        assertEquals(note.location() + (Readelf.sectionAddress(target, ".stapsdt.base") - note.base()) + 0x40, parsed.pc());
    }

    @Test
    void exportedLookupWorksWithGnuAndSysvHashTables(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("lib.c"),
                "int bpfx_exported(int x) { return x + 1; }\n"
                + "int bpfx_second(int x) { return x * 2; }\n"
                + "int bpfx_data = 7;\n"
                + "static int bpfx_hidden(int x) { return x; }\n"
                + "int (*keep)(int) = bpfx_hidden;\n");
        for (String style : List.of("gnu", "sysv")) {
            Path lib = dir.resolve("lib" + style + ".so");
            TestFiles.run("cc", "-shared", "-fPIC", "-O1", "-Wl,--hash-style=" + style, "-o", lib.toString(), source.toString());
            ElfFile elf = ElfFile.read(lib);
            for (String name : List.of("bpfx_exported", "bpfx_second")) {
                ElfSymbol symbol = elf.findExportedFunction(name).orElseThrow(() -> new AssertionError(style + " " + name));
                assertEquals(Readelf.symbolValue(lib, name, true), symbol.value(), style + " " + name);
                assertEquals(elf.findFunction(name), Optional.of(symbol));
            }
            assertEquals(Optional.empty(), elf.findExportedFunction("bpfx_data"), style + ": data is not a function");
            assertEquals(Optional.empty(), elf.findExportedFunction("bpfx_hidden"), style + ": static is not exported");
            assertTrue(elf.findFunction("bpfx_hidden").isPresent(), style + ": static is in .symtab");
            assertEquals(ElfSymbol.LOCAL, elf.findFunction("bpfx_hidden").get().binding());
            assertEquals(Optional.empty(), elf.findExportedFunction("bpfx_missing"));
        }
    }

    @Test
    void binaryWithoutNotesHasNoUsdtProbes() {
        assertEquals(List.of(), ElfFile.read(TestFiles.workload("openloop")).usdtNotes());
    }

    @Test
    void returnsSectionBytes() {
        ElfFile elf = ElfFile.read(TestFiles.workload("uprobe_target"));
        byte[] interp = elf.section(".interp").orElseThrow();
        assertEquals("/lib64/ld-linux-x86-64.so.2\0", new String(interp, java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[0], elf.section(".bss").orElseThrow(), ".bss has no file bytes");
        assertEquals(Optional.empty(), elf.section(".no_such_section"));
    }

    @Test
    void libcSymbolsCarryVersionsWithoutNameSuffix() {
        ElfFile libc = ElfFile.read(LIBC);
        assertTrue(libc.symbols().stream().noneMatch(s -> s.name().contains("@")));

        ElfSymbol malloc = libc.findFunction("malloc").orElseThrow();
        assertEquals(new ElfSymbol("malloc", "GLIBC_2.2.5", Readelf.symbolValue(LIBC, "malloc@@GLIBC_2.2.5", true),
                malloc.size(), ElfSymbol.FUNC, ElfSymbol.GLOBAL, malloc.sectionIndex(), false), malloc);

        // memcpy has an old hidden version and a newer default one at another address
        ElfSymbol current = libc.findFunction("memcpy").orElseThrow();
        assertEquals("GLIBC_2.14", current.version());
        assertFalse(current.hidden());
        assertEquals(Readelf.symbolValue(LIBC, "memcpy@@GLIBC_2.14", true), current.value());
        ElfSymbol old = libc.findFunction("memcpy@GLIBC_2.2.5").orElseThrow();
        assertTrue(old.hidden());
        assertEquals(Readelf.symbolValue(LIBC, "memcpy@GLIBC_2.2.5", true), old.value());
        assertEquals("memcpy@GLIBC_2.2.5", old.qualifiedName());
        assertEquals(Optional.empty(), libc.findFunction("memcpy@GLIBC_0.1"));
    }

    @Test
    void hashLookupAgreesWithFullSymbolTableForEveryLibcFunction() {
        ElfFile libc = ElfFile.read(LIBC);
        List<ElfSymbol> functions = libc.symbols().stream()
                .filter(s -> s.isFunction() && s.binding() != ElfSymbol.LOCAL).toList();
        assertTrue(functions.size() > 1000, "libc exports thousands of functions, got " + functions.size());
        for (ElfSymbol f : functions) {
            assertEquals(libc.findFunction(f.name()), libc.findExportedFunction(f.name()), f.name());
        }
        assertEquals(Optional.empty(), libc.findExportedFunction("no_such_function_anywhere"));
        assertEquals(Optional.empty(), libc.findExportedFunction("environ"), "a data object is not a function");
    }

    @Test
    void missingFileIsNotFound(@TempDir Path dir) {
        var e = assertThrows(BpfxException.NotFound.class, () -> ElfFile.read(dir.resolve("nope")));
        assertEquals("no such file: " + dir.resolve("nope"), e.getMessage());
    }

    @Test
    void nonElfFilesAreCorrupt(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\n" + "echo not an elf file at all, really\n".repeat(4));
        var e = assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(text));
        assertEquals(text + " is not an ELF file", e.getMessage());

        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {0x7f, 'E', 'L', 'F'});
        assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(tiny));

        e = assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(dir));
        assertEquals(dir + " is a directory, not an ELF file", e.getMessage());
    }

    @Test
    void elf32AndBigEndianAreRejectedClearly(@TempDir Path dir) throws IOException {
        byte[] header = Files.readAllBytes(TestFiles.workload("uprobe_target"));
        byte[] elf32 = header.clone();
        elf32[4] = 1;
        Path f32 = Files.write(dir.resolve("elf32"), elf32);
        var e = assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(f32));
        assertEquals(f32 + " is a 32-bit little-endian ELF file; only ELF64 little-endian is supported", e.getMessage());

        byte[] big = header.clone();
        big[5] = 2;
        Path fbig = Files.write(dir.resolve("elf64be"), big);
        e = assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(fbig));
        assertEquals(fbig + " is a 64-bit big-endian ELF file; only ELF64 little-endian is supported", e.getMessage());
    }

    @Test
    void truncatedElfIsCorruptNotACrash(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(TestFiles.workload("uprobe_target"));
        Path headOnly = Files.write(dir.resolve("head"), java.util.Arrays.copyOf(whole, 100));
        var e = assertThrows(BpfxException.CorruptObject.class, () -> ElfFile.read(headOnly));
        assertTrue(e.getMessage().startsWith(headOnly + ": corrupt ELF: program headers"), e.getMessage());

        // headers intact, section table cut off: opening works, symbol access reports the damage
        Path noSections = Files.write(dir.resolve("nosections"), java.util.Arrays.copyOf(whole, whole.length - 64 * 4));
        ElfFile cut = ElfFile.read(noSections);
        assertThrows(BpfxException.CorruptObject.class, cut::symbols);
    }
}
