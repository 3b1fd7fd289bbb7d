package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser for glibc's /etc/ld.so.cache, the soname → path index ldconfig writes
 * and ld.so reads.
 *
 * Layouts (glibc sysdeps/generic/dl-cache.h):
 * <pre>
 * new  "glibc-ld.so.cache" "1.1"  u32 nlibs, u32 len_strings, u8 flags, u8[3], u32 extension_offset, u32[3]
 *      then nlibs × { i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap }   (24 bytes)
 *      string offsets are relative to the start of this header
 * old  "ld.so-1.7.0" (padded to 12)  u32 nlibs, then nlibs × { i32 flags, u32 key, u32 value }
 *      string offsets are relative to the end of the entry array
 * </pre>
 * A file may hold the old format followed by the new one (8-byte aligned); the
 * new one is then used, as ld.so does.
 */
public final class LdSoCache {

    public static final Path DEFAULT_PATH = Path.of("/etc/ld.so.cache");

    static final String OLD_MAGIC = "ld.so-1.7.0";
    static final String NEW_MAGIC = "glibc-ld.so.cache1.1";
    static final int OLD_HEADER_SIZE = 16;
    static final int OLD_ENTRY_SIZE = 12;
    static final int NEW_HEADER_SIZE = 48;
    static final int NEW_ENTRY_SIZE = 24;

    /** Entry flags: low byte is the library kind, high byte the required architecture. */
    static final int FLAG_TYPE_MASK = 0x00ff;
    static final int FLAG_ELF_LIBC6 = 0x0003;
    static final int FLAG_REQUIRED_MASK = 0xff00;
    static final int FLAG_X8664_LIB64 = 0x0300;

    /** Header flags byte of the new format: which byte order the file was written in. */
    static final int HEADER_ENDIAN_BIG = 3;

    private LdSoCache() {
    }

    /** Entries of the cache file, in file order. */
    public static List<LibraryEntry> read(Path file) {
        byte[] blob;
        try {
            blob = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BpfxException.NotFound("no loader cache at " + file);
        } catch (IOException e) {
            throw new BpfxException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(blob);
        } catch (BpfxException.CorruptObject e) {
            throw new BpfxException.CorruptObject(file + ": " + e.getMessage());
        }
    }

    /** Entries of an ld.so.cache image, in file order. */
    public static List<LibraryEntry> parse(byte[] blob) {
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(blob, 0, NEW_MAGIC)) {
            return parseNew(buf, 0);
        }
        if (!startsWith(blob, 0, OLD_MAGIC)) {
            throw new BpfxException.CorruptObject("not an ld.so.cache (no \"" + NEW_MAGIC + "\" or \"" + OLD_MAGIC + "\" magic)");
        }
        long oldCount = u32(buf, 12);
        long oldEnd = OLD_HEADER_SIZE + oldCount * OLD_ENTRY_SIZE;
        if (oldEnd > blob.length) throw new BpfxException.CorruptObject(oldCount + " old-format entries do not fit in " + blob.length + " bytes");
        long newStart = (oldEnd + 7) & ~7L;
        if (newStart + NEW_HEADER_SIZE <= blob.length && startsWith(blob, (int) newStart, NEW_MAGIC)) {
            return parseNew(buf, (int) newStart);
        }
        return parseOld(buf, (int) oldCount);
    }

    private static List<LibraryEntry> parseNew(ByteBuffer buf, int base) {
        if (base + NEW_HEADER_SIZE > buf.capacity()) throw new BpfxException.CorruptObject("truncated header");
        long count = u32(buf, base + 20);
        int headerFlags = buf.get(base + 28) & 0xff;
        if (headerFlags == HEADER_ENDIAN_BIG) {
            throw new BpfxException.CorruptObject("big-endian cache; this machine is little-endian");
        }
        long entriesAt = base + NEW_HEADER_SIZE;
        if (entriesAt + count * NEW_ENTRY_SIZE > buf.capacity()) {
            throw new BpfxException.CorruptObject(count + " entries do not fit in " + buf.capacity() + " bytes");
        }
        List<LibraryEntry> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = (int) (entriesAt + (long) i * NEW_ENTRY_SIZE);
            entries.add(entry(buf, buf.getInt(at), base + u32(buf, at + 4), base + u32(buf, at + 8)));
        }
        return entries;
    }

    private static List<LibraryEntry> parseOld(ByteBuffer buf, int count) {
        int strings = OLD_HEADER_SIZE + count * OLD_ENTRY_SIZE;
        List<LibraryEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = OLD_HEADER_SIZE + i * OLD_ENTRY_SIZE;
            entries.add(entry(buf, buf.getInt(at), strings + u32(buf, at + 4), strings + u32(buf, at + 8)));
        }
        return entries;
    }

    private static LibraryEntry entry(ByteBuffer buf, int flags, long keyAt, long valueAt) {
        boolean x8664 = (flags & FLAG_TYPE_MASK) == FLAG_ELF_LIBC6 && (flags & FLAG_REQUIRED_MASK) == FLAG_X8664_LIB64;
        return new LibraryEntry(cString(buf, keyAt), Path.of(cString(buf, valueAt)), x8664);
    }

    private static String cString(ByteBuffer buf, long at) {
        if (at < 0 || at >= buf.capacity()) {
            throw new BpfxException.CorruptObject("string offset 0x" + Long.toHexString(at) + " outside the file");
        }
        int end = (int) at;
        while (end < buf.capacity() && buf.get(end) != 0) end++;
        if (end == buf.capacity()) throw new BpfxException.CorruptObject("unterminated string at 0x" + Long.toHexString(at));
        byte[] bytes = new byte[end - (int) at];
        buf.get((int) at, bytes);
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.isEmpty()) throw new BpfxException.CorruptObject("empty string at 0x" + Long.toHexString(at));
        return s;
    }

    private static long u32(ByteBuffer buf, int at) {
        if (at + 4 > buf.capacity()) throw new BpfxException.CorruptObject("truncated at 0x" + Integer.toHexString(at));
        return buf.getInt(at) & 0xffffffffL;
    }

    private static boolean startsWith(byte[] blob, int at, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (at + m.length > blob.length) return false;
        for (int i = 0; i < m.length; i++) {
            if (blob[at + i] != m[i]) return false;
        }
        return true;
    }
}
