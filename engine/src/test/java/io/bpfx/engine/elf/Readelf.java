package io.bpfx.engine.elf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Expected values computed with binutils (readelf), independently of the code
 * under test: symbol addresses, PT_LOAD arithmetic, USDT notes.
 */
final class Readelf {
    private Readelf() {
    }

    record Load(long offset, long vaddr, long fileSize) {
    }

    record Note(String provider, String name, long location, long base, long semaphore, String args) {
    }

    private static final Pattern LOAD = Pattern.compile(
            "^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+", Pattern.MULTILINE);
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*\\d+:\\s+([0-9a-f]+)\\s+(\\d+|0x[0-9a-f]+)\\s+(\\w+)\\s+(\\w+)\\s+\\w+\\s+(\\w+)\\s+(\\S+)$", Pattern.MULTILINE);
    private static final Pattern NOTE = Pattern.compile(
            "Provider: (\\S+)\\s+Name: (\\S+)\\s+Location: 0x([0-9a-f]+), Base: 0x([0-9a-f]+), Semaphore: 0x([0-9a-f]+)\\s+Arguments: ?(.*)");

    static List<Load> loads(Path file) {
        List<Load> loads = new ArrayList<>();
        Matcher m = LOAD.matcher(TestFiles.run("readelf", "-lW", file.toString()));
        while (m.find()) {
            loads.add(new Load(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16)));
        }
        return loads;
    }

    /** vaddr - p_vaddr + p_offset through the PT_LOAD readelf shows holding {@code vaddr}. */
    static long fileOffset(Path file, long vaddr) {
        for (Load load : loads(file)) {
            if (vaddr >= load.vaddr() && vaddr < load.vaddr() + load.fileSize()) {
                return vaddr - load.vaddr() + load.offset();
            }
        }
        return fail("readelf shows no PT_LOAD holding 0x" + Long.toHexString(vaddr) + " in " + file);
    }

    /** st_value of the defined symbol readelf prints as {@code nameAsPrinted} (e.g. malloc@@GLIBC_2.2.5). */
    static long symbolValue(Path file, String nameAsPrinted, boolean dynamic) {
        Matcher m = SYMBOL.matcher(TestFiles.run("readelf", "-W", dynamic ? "--dyn-syms" : "--syms", file.toString()));
        while (m.find()) {
            if (m.group(6).equals(nameAsPrinted) && !m.group(5).equals("UND")) return Long.parseLong(m.group(1), 16);
        }
        return fail(nameAsPrinted + " not in readelf's symbol table of " + file);
    }

    static List<Note> usdtNotes(Path file) {
        List<Note> notes = new ArrayList<>();
        Matcher m = NOTE.matcher(TestFiles.run("readelf", "-nW", file.toString()));
        while (m.find()) {
            notes.add(new Note(m.group(1), m.group(2), Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16),
                    Long.parseLong(m.group(5), 16), m.group(6).trim()));
        }
        return notes;
    }

    /** sh_offset of a section, or -1 when readelf does not list it. */
    static long sectionOffset(Path file, String name) {
        Matcher m = Pattern.compile("\\]\\s+" + Pattern.quote(name) + "\\s+\\S+\\s+[0-9a-f]+\\s+([0-9a-f]+)")
                .matcher(TestFiles.run("readelf", "-SW", file.toString()));
        return m.find() ? Long.parseLong(m.group(1), 16) : -1;
    }

    /** sh_addr of a section, or -1 when readelf does not list it. */
    static long sectionAddress(Path file, String name) {
        Matcher m = Pattern.compile("\\]\\s+" + Pattern.quote(name) + "\\s+\\S+\\s+([0-9a-f]+)")
                .matcher(TestFiles.run("readelf", "-SW", file.toString()));
        return m.find() ? Long.parseLong(m.group(1), 16) : -1;
    }
}
