package io.bpfx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bpfx.engine.elf.ElfFile;
import io.bpfx.engine.elf.ElfSymbol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Naming addresses: kernel ones through a kallsyms text, user ones through a live process's maps. */
class SymbolsTest {

    @Test
    void kallsymsGivesSymbolAndOffsetComparingUnsigned() {
        Kallsyms k = Kallsyms.ofText("""
                ffffffff81000000 T _stext
                ffffffff81234560 T do_thing
                ffffffff81234600 t helper\t[mod]
                0000000000001000 A fixed_percpu_data
                """);
        assertEquals("do_thing+0x7", k.resolve(0xffffffff81234567L).toString());
        assertEquals("do_thing", k.resolve(0xffffffff81234560L).toString());
        assertEquals("helper+0x10", k.resolve(0xffffffff81234610L).toString());
        assertEquals("fixed_percpu_data+0x10", k.resolve(0x1010L).toString());
        assertNull(k.resolve(0x10L));
        assertEquals("do_thing", k.exact(0xffffffff81234560L));
        assertNull(k.exact(0xffffffff81234561L));
    }

    @Test
    void addressesGiveEachWantedSymbolsFirstAddressInFileOrder() throws IOException {
        Kallsyms k = Kallsyms.ofText("ffffffff81000010 T dup\nffffffff81000000 T first\nffffffff81000020 t dup\n");
        assertEquals(java.util.Map.of("dup", 0xffffffff81000010L, "first", 0xffffffff81000000L),
                k.addresses(java.util.List.of("dup", "first", "missing")));
    }

    /** The JVM's own libjvm: a function's run-time address maps back to its name and offset. */
    @Test
    void userSymbolOfALibraryFunctionInThisProcess() throws IOException {
        long pid = ProcessHandle.current().pid();
        String libjvm = null;
        long start = 0;
        long offset = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[5].endsWith("/libjvm.so") && f[1].contains("x")) {
                libjvm = f[5];
                start = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
                offset = Long.parseUnsignedLong(f[2], 16);
                break;
            }
        }
        assertNotNull(libjvm, "libjvm.so mapped executable in /proc/self/maps");
        ElfFile elf = ElfFile.read(Path.of(libjvm));
        ElfSymbol fn = elf.findFunction("JNI_CreateJavaVM").orElseThrow();
        long addr = start + elf.fileOffset(fn.value()) - offset + 4;
        assertEquals("JNI_CreateJavaVM+0x4", new UserSymbols().resolve((int) pid, addr).toString());
        assertNull(new UserSymbols().resolve((int) pid, 8));   // unmapped
    }
}
