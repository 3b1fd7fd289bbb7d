package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LdSoCacheTest {

    private static final int X86_64 = 0x0303;      // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64
    private static final int I386 = 0x0003;        // FLAG_ELF_LIBC6, no 64-bit flag
    private static final int AARCH64 = 0x0a03;     // FLAG_ELF_LIBC6 | FLAG_AARCH64_LIB64

    private record Lib(int flags, String soname, String path) {
    }

    private static final List<Lib> LIBS = List.of(
            new Lib(X86_64, "libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1"),
            new Lib(I386, "libz.so.1", "/lib32/libz.so.1"),
            new Lib(AARCH64, "libfoo.so.2", "/usr/lib/aarch64-linux-gnu/libfoo.so.2"),
            new Lib(X86_64, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"));

    private static final List<LibraryEntry> EXPECTED = List.of(
            new LibraryEntry("libz.so.1", Path.of("/lib/x86_64-linux-gnu/libz.so.1"), true),
            new LibraryEntry("libz.so.1", Path.of("/lib32/libz.so.1"), false),
            new LibraryEntry("libfoo.so.2", Path.of("/usr/lib/aarch64-linux-gnu/libfoo.so.2"), false),
            new LibraryEntry("libc.so.6", Path.of("/lib/x86_64-linux-gnu/libc.so.6"), true));

    /** glibc-ld.so.cache1.1: 48-byte header, 24-byte entries, strings relative to the header. */
    private static byte[] newFormat(List<Lib> libs, int headerFlags) {
        int stringsAt = LdSoCache.NEW_HEADER_SIZE + libs.size() * LdSoCache.NEW_ENTRY_SIZE;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(stringsAt).order(ByteOrder.LITTLE_ENDIAN);
        out.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        out.putInt(libs.size());
        int stringsLength = libs.stream().mapToInt(l -> l.soname().length() + l.path().length() + 2).sum();
        out.putInt(stringsLength);
        out.put((byte) headerFlags).put(new byte[3]);
        out.putInt(0);                                       // extension_offset
        out.put(new byte[12]);                               // unused
        for (Lib lib : libs) {
            out.putInt(lib.flags());
            out.putInt(stringsAt + strings.size());
            strings.writeBytes((lib.soname() + "\0").getBytes(StandardCharsets.UTF_8));
            out.putInt(stringsAt + strings.size());
            strings.writeBytes((lib.path() + "\0").getBytes(StandardCharsets.UTF_8));
            out.putInt(0);                                   // osversion
            out.putLong(0);                                  // hwcap
        }
        return concat(out.array(), strings.toByteArray());
    }

    /** ld.so-1.7.0: 16-byte header, 12-byte entries, strings relative to the end of the entries. */
    private static byte[] oldFormat(List<Lib> libs) {
        int entriesEnd = LdSoCache.OLD_HEADER_SIZE + libs.size() * LdSoCache.OLD_ENTRY_SIZE;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(entriesEnd).order(ByteOrder.LITTLE_ENDIAN);
        out.put("ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        out.putInt(libs.size());
        for (Lib lib : libs) {
            out.putInt(lib.flags());
            out.putInt(strings.size());
            strings.writeBytes((lib.soname() + "\0").getBytes(StandardCharsets.UTF_8));
            out.putInt(strings.size());
            strings.writeBytes((lib.path() + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return concat(out.array(), strings.toByteArray());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void parsesNewFormat() {
        assertEquals(EXPECTED, LdSoCache.parse(newFormat(LIBS, 2)));
        assertEquals(EXPECTED, LdSoCache.parse(newFormat(LIBS, 0)), "endianness flag 0 means unset (pre-2.32 ldconfig)");
    }

    @Test
    void parsesOldFormatAlone() {
        assertEquals(EXPECTED, LdSoCache.parse(oldFormat(LIBS)));
    }

    @Test
    void prefersTheNewFormatAfterAnOldPrefix() {
        // compat layout: old header + 1 old entry (28 bytes), padding to 8, then the new table;
        // the old entry's string offsets are garbage here, so reading it would fail
        ByteBuffer old = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        old.put("ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        old.putInt(1);
        old.putInt(X86_64).putInt(0x7fff0000).putInt(0x7fff0000);
        assertEquals(28, old.position());
        assertEquals(EXPECTED, LdSoCache.parse(concat(old.array(), newFormat(LIBS, 2))));
    }

    @Test
    void rejectsGarbageTruncationAndForeignByteOrder() {
        var e = assertThrows(BpfxException.CorruptObject.class,
                () -> LdSoCache.parse("hello, this is not a cache".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().startsWith("not an ld.so.cache"), e.getMessage());

        byte[] whole = newFormat(LIBS, 2);
        assertThrows(BpfxException.CorruptObject.class, () -> LdSoCache.parse(Arrays.copyOf(whole, 60)));
        assertThrows(BpfxException.CorruptObject.class, () -> LdSoCache.parse(Arrays.copyOf(whole, whole.length - 5)));

        e = assertThrows(BpfxException.CorruptObject.class, () -> LdSoCache.parse(newFormat(LIBS, 3)));
        assertEquals("big-endian cache; this machine is little-endian", e.getMessage());

        byte[] badOffset = whole.clone();
        ByteBuffer.wrap(badOffset).order(ByteOrder.LITTLE_ENDIAN).putInt(LdSoCache.NEW_HEADER_SIZE + 4, 1 << 30);
        e = assertThrows(BpfxException.CorruptObject.class, () -> LdSoCache.parse(badOffset));
        assertEquals("string offset 0x40000000 outside the file", e.getMessage());
    }

    @Test
    void readsTheRealCacheLikeLdconfig() throws Exception {
        Path real = LdSoCache.DEFAULT_PATH;
        assertTrue(Files.isRegularFile(real), "this machine has " + real);
        String printed = TestFiles.run("ldconfig", "-p");
        Matcher header = Pattern.compile("^(\\d+) libs found").matcher(printed);
        assertTrue(header.find(), printed.lines().findFirst().orElse(""));

        List<LibraryEntry> expected = new ArrayList<>();
        Matcher line = Pattern.compile("^\\t(\\S+) \\(([^)]*)\\) => (.+)$", Pattern.MULTILINE).matcher(printed);
        while (line.find()) {
            boolean x8664 = line.group(2).startsWith("libc6,x86-64");
            expected.add(new LibraryEntry(line.group(1), Path.of(line.group(3)), x8664));
        }
        List<LibraryEntry> parsed = LdSoCache.read(real);
        assertEquals(Integer.parseInt(header.group(1)), parsed.size());
        assertEquals(expected, parsed);
        assertTrue(parsed.stream().anyMatch(e -> e.soname().equals("libc.so.6") && e.x86_64()));
    }

    @Test
    void missingCacheFileIsNotFound() {
        assertThrows(BpfxException.NotFound.class, () -> LdSoCache.read(Path.of("/nonexistent/ld.so.cache")));
    }
}
