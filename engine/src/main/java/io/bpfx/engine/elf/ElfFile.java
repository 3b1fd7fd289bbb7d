package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read-only view of an ELF64 little-endian file (executable or shared object),
 * enough to place uprobes: symbols, load segments, sections, USDT notes.
 *
 * The file is memory-mapped and only the headers are parsed up front, so opening
 * hundreds of libraries to look one symbol up touches just a few pages of each.
 */
public final class ElfFile {

    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int EM_X86_64 = 62;

    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;

    static final int DT_NULL = 0;
    static final int DT_HASH = 4;
    static final int DT_STRTAB = 5;
    static final int DT_SYMTAB = 6;
    static final int DT_STRSZ = 10;
    static final int DT_SYMENT = 11;
    static final int DT_GNU_HASH = 0x6ffffef5;
    static final int DT_VERSYM = 0x6ffffff0;
    static final int DT_VERDEF = 0x6ffffffc;
    static final int DT_VERDEFNUM = 0x6ffffffd;

    static final int SHT_SYMTAB = 2;
    static final int SHT_NOTE = 7;
    static final int SHT_NOBITS = 8;
    static final int SHT_DYNSYM = 11;
    static final int SHT_GNU_HASH = 0x6ffffff6;
    static final int SHT_GNU_VERDEF = 0x6ffffffd;
    static final int SHT_GNU_VERSYM = 0x6fffffff;

    static final int SHN_UNDEF = 0;
    static final int SHN_ABS = 0xfff1;
    static final int SHN_XINDEX = 0xffff;

    static final int SYM_ENTRY_SIZE = 24;
    private static final int NT_STAPSDT = 3;
    private static final int VERSYM_HIDDEN = 0x8000;

    /** A program header of type PT_LOAD. */
    record Segment(long offset, long vaddr, long fileSize, long memSize, int flags) {
    }

    /** A section header, with its name resolved. */
    record Section(int index, String name, int type, long addr, long offset, long size, int link, long entrySize) {
    }

    private final Path path;
    private final ByteBuffer data;
    private final int type;
    private final int machine;
    private final List<Segment> loadSegments;
    /** PT_DYNAMIC as {offset, size}, or null. */
    private final long[] dynamicSegment;
    // Section headers usually sit at the end of the file: read them only when needed.
    private List<Section> sections;
    private List<ElfSymbol> symbols;

    private ElfFile(Path path, ByteBuffer data) {
        this.path = path;
        this.data = data;
        checkIdent();
        this.type = u16(16);
        this.machine = u16(18);
        List<Segment> loads = new ArrayList<>();
        this.dynamicSegment = readProgramHeaders(loads);
        this.loadSegments = List.copyOf(loads);
    }

    /**
     * Maps and parses {@code path}.
     *
     * @throws BpfxException.NotFound      if there is no such file
     * @throws BpfxException.CorruptObject if it is not an ELF64 little-endian file
     */
    public static ElfFile read(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 64) {
                throw new BpfxException.CorruptObject(path + " is not an ELF file (only " + size + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new BpfxException.BadInput(path + " is larger than 2 GiB, which bpfx cannot map");
            }
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            return new ElfFile(path, data);
        } catch (NoSuchFileException e) {
            throw new BpfxException.NotFound("no such file: " + path);
        } catch (AccessDeniedException e) {
            throw new BpfxException("cannot read " + path + ": permission denied");
        } catch (IOException e) {
            // checked only on failure: a stat per file adds up when sweeping every library
            if (Files.isDirectory(path)) {
                throw new BpfxException.CorruptObject(path + " is a directory, not an ELF file");
            }
            throw new BpfxException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** ET_DYN: a shared library or a position-independent executable. */
    public boolean isSharedObject() {
        return type == ET_DYN;
    }

    /** e_machine, e.g. {@link #EM_X86_64}. */
    public int machine() {
        return machine;
    }

    /**
     * Defined functions and data objects from .dynsym and .symtab, .dynsym first; a
     * .symtab entry repeating a .dynsym one (same name and address) is left out.
     * Absolute symbols (version markers) are left out too: they are not in the file.
     */
    public synchronized List<ElfSymbol> symbols() {
        if (symbols == null) {
            List<ElfSymbol> all = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int wanted : new int[] {SHT_DYNSYM, SHT_SYMTAB}) {
                for (Section section : sections()) {
                    if (section.type() != wanted) continue;
                    SymbolTable table = tableOf(section);
                    for (long i = 1; i < table.count(); i++) {
                        ElfSymbol sym = symbolAt(table, i);
                        if (sym == null) continue;
                        if (seen.add(sym.name() + '\0' + sym.value()) || wanted == SHT_DYNSYM) all.add(sym);
                    }
                }
            }
            symbols = Collections.unmodifiableList(all);
        }
        return symbols;
    }

    /**
     * The best symbol called {@code name}: functions (FUNC/IFUNC) over data, then
     * GLOBAL over WEAK over LOCAL, then the default version over hidden ones.
     * {@code name@VER} or {@code name@@VER} picks a version.
     */
    public Optional<ElfSymbol> findFunction(String name) {
        // An exported GLOBAL default-version function ranks first whatever else the file
        // holds, and the hash lookup finds it without parsing every symbol.
        Optional<ElfSymbol> exported = findExportedFunction(name);
        if (exported.isPresent() && exported.get().binding() == ElfSymbol.GLOBAL && !exported.get().hidden()) {
            return exported;
        }
        SymbolName wanted = SymbolName.parse(name);
        return symbols().stream().filter(wanted::matches).min(PREFERENCE);
    }

    /**
     * Like {@link #findFunction} but only for exported functions, found the way
     * the loader finds them: PT_DYNAMIC → DT_GNU_HASH → .dynsym. Those live near
     * the start of the file, so checking a library that lacks the name costs a
     * page or two; this is what makes searching every library cheap. Falls back
     * to a linear .dynsym scan when the file has no hash table.
     */
    public Optional<ElfSymbol> findExportedFunction(String name) {
        SymbolName wanted = SymbolName.parse(name);
        List<ElfSymbol> found = new ArrayList<>();
        Map<Long, Long> dynamic = dynamicEntries();
        if (dynamic.containsKey((long) DT_GNU_HASH) && dynamic.containsKey((long) DT_SYMTAB)) {
            SymbolTable table = dynamicSymbolTable(dynamic, Long.MAX_VALUE);
            GnuHashTable hash = new GnuHashTable(this, dynamicOffset(dynamic, DT_GNU_HASH), table);
            hash.forEachMatch(wanted.name().getBytes(StandardCharsets.UTF_8), index -> {
                ElfSymbol sym = symbolAt(table, index);
                if (sym != null) found.add(sym);
            });
        } else {
            SymbolTable table = null;
            if (dynamic.containsKey((long) DT_HASH) && dynamic.containsKey((long) DT_SYMTAB)) {
                long symbolCount = u32(dynamicOffset(dynamic, DT_HASH) + 4);    // nchain
                table = dynamicSymbolTable(dynamic, symbolCount);
            } else {
                Section dynsym = sectionOfType(SHT_DYNSYM);
                if (dynsym != null) table = tableOf(dynsym);
            }
            if (table != null) {
                for (long i = 1; i < table.count(); i++) {
                    ElfSymbol sym = symbolAt(table, i);
                    if (sym != null && sym.name().equals(wanted.name())) found.add(sym);
                }
            }
        }
        return found.stream().filter(s -> s.isFunction() && wanted.matches(s)).min(PREFERENCE);
    }

    /**
     * Converts a virtual address to a file offset through the PT_LOAD segment that
     * holds it ({@code vaddr - p_vaddr + p_offset}), as libbpf does for uprobes.
     *
     * @throws BpfxException.BadInput if no segment maps file bytes at that address
     */
    public long fileOffset(long vaddr) {
        for (Segment seg : loadSegments) {
            if (Long.compareUnsigned(vaddr, seg.vaddr()) >= 0
                    && Long.compareUnsigned(vaddr - seg.vaddr(), seg.fileSize()) < 0) {
                return vaddr - seg.vaddr() + seg.offset();
            }
        }
        throw new BpfxException.BadInput(String.format(
                "address 0x%x is not in any loadable segment of %s", vaddr, path));
    }

    /** Raw contents of the named section; empty for a SHT_NOBITS section such as .bss. */
    public Optional<byte[]> section(String name) {
        Section s = sectionNamed(name);
        if (s == null) return Optional.empty();
        if (s.type() == SHT_NOBITS) return Optional.of(new byte[0]);
        return Optional.of(bytes(s.offset(), s.size(), "section " + name));
    }

    /**
     * USDT probe sites from .note.stapsdt. When .stapsdt.base is present the pc is
     * moved by (its address - the base recorded in the note), as libbpf does, to
     * follow prelink or a stripped-and-relinked file.
     */
    public List<UsdtNote> usdtNotes() {
        Section notes = sectionNamed(".note.stapsdt");
        if (notes == null || notes.type() != SHT_NOTE) return List.of();
        Section base = sectionNamed(".stapsdt.base");
        List<UsdtNote> result = new ArrayList<>();
        long pos = notes.offset();
        long end = notes.offset() + notes.size();
        check(notes.offset(), notes.size(), "section .note.stapsdt");
        while (pos + 12 <= end) {
            long nameSize = u32(pos);
            long descSize = u32(pos + 4);
            long noteType = u32(pos + 8);
            long namePos = pos + 12;
            long descPos = namePos + align4(nameSize);
            long next = descPos + align4(descSize);
            if (next > end) {
                throw corrupt("truncated note in .note.stapsdt");
            }
            if (noteType == NT_STAPSDT && "stapsdt".equals(cString(namePos, namePos + nameSize))) {
                if (descSize < 24) throw corrupt("short stapsdt note");
                long descEnd = descPos + descSize;
                long pc = u64(descPos);
                long noteBase = u64(descPos + 8);
                long semaphore = u64(descPos + 16);
                if (base != null) {
                    pc += base.addr() - noteBase;
                }
                long p = descPos + 24;
                String provider = cString(p, descEnd);
                p += provider.getBytes(StandardCharsets.UTF_8).length + 1;
                String probe = cString(p, descEnd);
                p += probe.getBytes(StandardCharsets.UTF_8).length + 1;
                String args = p < descEnd ? cString(p, descEnd) : "";
                result.add(new UsdtNote(provider, probe, pc, semaphore, args));
            }
            pos = next;
        }
        return Collections.unmodifiableList(result);
    }

    synchronized List<Section> sections() {
        if (sections == null) sections = readSections();
        return sections;
    }

    List<Segment> loadSegments() {
        return loadSegments;
    }

    // ---- symbol tables ----

    /** Preference among same-named symbols; the smallest wins. */
    private static final Comparator<ElfSymbol> PREFERENCE = Comparator
            .comparingInt((ElfSymbol s) -> s.isFunction() ? 0 : 1)
            .thenComparingInt(s -> switch (s.binding()) {
                case ElfSymbol.GLOBAL -> 0;
                case ElfSymbol.WEAK -> 1;
                case ElfSymbol.LOCAL -> 2;
                default -> 3;
            })
            .thenComparingInt(s -> s.hidden() ? 1 : 0);

    /** The symbol table a SHT_SYMTAB / SHT_DYNSYM section describes. */
    private SymbolTable tableOf(Section section) {
        long count = section.size() / SYM_ENTRY_SIZE;
        check(section.offset(), count * SYM_ENTRY_SIZE, "symbol table " + section.name());
        Section strings = sectionAt(section.link());
        long versym = -1;
        Supplier<Map<Integer, String>> versions = Map::of;
        if (section.type() == SHT_DYNSYM) {
            for (Section s : sections()) {
                if (s.type() == SHT_GNU_VERSYM && s.link() == section.index() && s.size() >= count * 2) {
                    versym = s.offset();
                }
            }
            Section verdef = sectionOfType(SHT_GNU_VERDEF);
            if (verdef != null) {
                Section verdefStrings = sectionAt(verdef.link());
                versions = once(() -> versionDefinitions(verdef.offset(), verdef.offset() + verdef.size(),
                        Integer.MAX_VALUE, verdefStrings.offset(), verdefStrings.offset() + verdefStrings.size()));
            }
        }
        return new SymbolTable(section.offset(), count, strings.offset(), strings.offset() + strings.size(),
                versym, versions, section.type() == SHT_DYNSYM);
    }

    /** The dynamic symbol table as the loader sees it, through PT_DYNAMIC. */
    private SymbolTable dynamicSymbolTable(Map<Long, Long> dynamic, long count) {
        if (dynamic.containsKey((long) DT_SYMENT) && dynamic.get((long) DT_SYMENT) != SYM_ENTRY_SIZE) {
            throw corrupt("DT_SYMENT is " + dynamic.get((long) DT_SYMENT));
        }
        long strings = dynamicOffset(dynamic, DT_STRTAB);
        long stringsEnd = dynamic.containsKey((long) DT_STRSZ)
                ? strings + dynamic.get((long) DT_STRSZ) : data.capacity();
        long versym = dynamic.containsKey((long) DT_VERSYM) ? dynamicOffset(dynamic, DT_VERSYM) : -1;
        Supplier<Map<Integer, String>> versions = Map::of;
        if (dynamic.containsKey((long) DT_VERDEF)) {
            long verdef = dynamicOffset(dynamic, DT_VERDEF);
            int verdefCount = dynamic.getOrDefault((long) DT_VERDEFNUM, (long) Integer.MAX_VALUE).intValue();
            versions = once(() -> versionDefinitions(verdef, data.capacity(), verdefCount, strings, stringsEnd));
        }
        return new SymbolTable(dynamicOffset(dynamic, DT_SYMTAB), count, strings, stringsEnd, versym, versions, true);
    }

    /** Entry {@code index} of a symbol table, or null if it is not a defined function/object. */
    private ElfSymbol symbolAt(SymbolTable table, long index) {
        if (index <= 0 || index >= table.count()) return null;
        long at = table.offset() + index * SYM_ENTRY_SIZE;
        int info = u8(at + 4);
        int symType = info & 0xf;
        int shndx = u16(at + 6);
        if (symType != ElfSymbol.FUNC && symType != ElfSymbol.IFUNC && symType != ElfSymbol.OBJECT) return null;
        if (shndx == SHN_UNDEF || shndx == SHN_ABS) return null;
        String raw = cString(table.stringsOffset() + u32(at), table.stringsEnd());
        String name = raw;
        String version = null;
        boolean hidden = false;
        int atSign = raw.indexOf('@');
        if (atSign > 0) {
            // .symtab spells versions into the name: foo@VER (hidden) or foo@@VER (default)
            name = raw.substring(0, atSign);
            hidden = !raw.startsWith("@@", atSign);
            version = raw.substring(atSign + (hidden ? 1 : 2));
        } else if (table.versymOffset() >= 0) {
            int versym = u16(table.versymOffset() + index * 2);
            if ((versym & 0x7fff) > 1) {             // 0 local, 1 global unversioned
                version = table.versionNames().get().get(versym & 0x7fff);
                hidden = (versym & VERSYM_HIDDEN) != 0;
            }
        }
        return new ElfSymbol(name, version, u64(at + 8), u64(at + 16), symType, info >>> 4, shndx, hidden);
    }

    /**
     * Version index → name from version definitions (.gnu.version_d / DT_VERDEF):
     * Elf64_Verdef {u16 version, flags, ndx, cnt; u32 hash, aux, next}, whose first
     * Elf64_Verdaux {u32 name, next} names the version.
     */
    private Map<Integer, String> versionDefinitions(long at, long end, int maxCount, long strings, long stringsEnd) {
        Map<Integer, String> names = new HashMap<>();
        long pos = at;
        for (int i = 0; i < maxCount && i < 65536 && pos + 20 <= end; i++) {
            int ndx = u16(pos + 4);
            int auxCount = u16(pos + 6);
            long aux = u32(pos + 12);
            long next = u32(pos + 16);
            if (auxCount > 0) names.put(ndx, cString(strings + u32(pos + aux), stringsEnd));
            if (next == 0) break;
            pos += next;
        }
        return names;
    }

    /** d_tag → d_val/d_ptr of the PT_DYNAMIC segment (first of each tag), empty if there is none. */
    private Map<Long, Long> dynamicEntries() {
        Map<Long, Long> entries = new HashMap<>();
        if (dynamicSegment == null) return entries;
        long at = dynamicSegment[0];
        long end = at + dynamicSegment[1];
        check(at, dynamicSegment[1], "dynamic segment");
        for (; at + 16 <= end; at += 16) {
            long tag = u64(at);
            if (tag == DT_NULL) break;
            entries.putIfAbsent(tag, u64(at + 8));
        }
        return entries;
    }

    /** File offset of the address a dynamic entry holds. */
    private long dynamicOffset(Map<Long, Long> dynamic, int tag) {
        Long vaddr = dynamic.get((long) tag);
        if (vaddr == null) throw corrupt("dynamic segment lacks tag 0x" + Integer.toHexString(tag));
        try {
            return fileOffset(vaddr);
        } catch (BpfxException.BadInput e) {
            throw corrupt(String.format("dynamic tag 0x%x points to 0x%x, outside every loadable segment", tag, vaddr));
        }
    }

    // ---- headers ----

    private void checkIdent() {
        if (u8(0) != 0x7f || u8(1) != 'E' || u8(2) != 'L' || u8(3) != 'F') {
            throw new BpfxException.CorruptObject(path + " is not an ELF file");
        }
        int elfClass = u8(4);
        int encoding = u8(5);
        if (elfClass != 2 || encoding != 1) {
            String what = (elfClass == 1 ? "32-bit" : elfClass == 2 ? "64-bit" : "unknown-class")
                    + (encoding == 2 ? " big-endian" : encoding == 1 ? " little-endian" : " unknown-endian");
            throw new BpfxException.CorruptObject(
                    path + " is a " + what + " ELF file; only ELF64 little-endian is supported");
        }
    }

    /** Collects PT_LOAD segments into {@code loads}; returns PT_DYNAMIC as {offset, size} or null. */
    private long[] readProgramHeaders(List<Segment> loads) {
        long phoff = u64(32);
        int entrySize = u16(54);
        int count = u16(56);
        if (count == 0) return null;
        if (entrySize < 56) throw corrupt("program header entries of " + entrySize + " bytes");
        check(phoff, (long) entrySize * count, "program headers");
        long[] dynamic = null;
        for (int i = 0; i < count; i++) {
            long at = phoff + (long) i * entrySize;
            long segmentType = u32(at);
            if (segmentType == PT_LOAD) {
                loads.add(new Segment(u64(at + 8), u64(at + 16), u64(at + 32), u64(at + 40), (int) u32(at + 4)));
            } else if (segmentType == PT_DYNAMIC) {
                dynamic = new long[] {u64(at + 8), u64(at + 32)};
            }
        }
        return dynamic;
    }

    private List<Section> readSections() {
        long shoff = u64(40);
        int entrySize = u16(58);
        long count = u16(60);
        int nameIndex = u16(62);
        if (shoff == 0) return List.of();
        if (entrySize < 64) throw corrupt("section header entries of " + entrySize + " bytes");
        check(shoff, entrySize, "section headers");
        if (count == 0) count = u64(shoff + 32);          // more than 0xff00 sections: count in sh_size of [0]
        if (nameIndex == SHN_XINDEX) nameIndex = (int) u32(shoff + 40);
        if (count > 1_000_000) throw corrupt(count + " sections");
        check(shoff, entrySize * count, "section headers");
        long namesOffset = 0;
        long namesEnd = 0;
        if (nameIndex != 0 && nameIndex < count) {
            long at = shoff + (long) nameIndex * entrySize;
            namesOffset = u64(at + 24);
            namesEnd = namesOffset + u64(at + 32);
            check(namesOffset, namesEnd - namesOffset, "section name table");
        }
        List<Section> result = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long at = shoff + (long) i * entrySize;
            String name = namesEnd > 0 ? cString(namesOffset + u32(at), namesEnd) : "";
            int sectionType = (int) u32(at + 4);
            long offset = u64(at + 24);
            long size = u64(at + 32);
            if (sectionType != SHT_NOBITS && i != 0) check(offset, size, "section " + name);
            result.add(new Section(i, name, sectionType, u64(at + 16), offset, size, (int) u32(at + 40), u64(at + 56)));
        }
        return List.copyOf(result);
    }

    Section sectionNamed(String name) {
        for (Section s : sections()) {
            if (s.name().equals(name)) return s;
        }
        return null;
    }

    private Section sectionOfType(int sectionType) {
        for (Section s : sections()) {
            if (s.type() == sectionType) return s;
        }
        return null;
    }

    private Section sectionAt(int index) {
        List<Section> all = sections();
        if (index <= 0 || index >= all.size()) throw corrupt("reference to section " + index);
        return all.get(index);
    }

    // ---- bounds-checked little-endian reads; a bad offset is a corrupt file, not a crash ----

    int u8(long at) {
        check(at, 1, "data");
        return data.get((int) at) & 0xff;
    }

    int u16(long at) {
        check(at, 2, "data");
        return data.getShort((int) at) & 0xffff;
    }

    long u32(long at) {
        check(at, 4, "data");
        return data.getInt((int) at) & 0xffffffffL;
    }

    long u64(long at) {
        check(at, 8, "data");
        return data.getLong((int) at);
    }

    /** Whether the NUL-terminated string at {@code at} equals {@code expected}. */
    boolean cStringEquals(long at, long end, byte[] expected) {
        end = Math.min(end, data.capacity());
        if (at < 0 || at + expected.length >= end) return false;
        for (int i = 0; i < expected.length; i++) {
            if (data.get((int) at + i) != expected[i]) return false;
        }
        return data.get((int) at + expected.length) == 0;
    }

    /** The NUL-terminated string at {@code at}, which must end before {@code end}. */
    String cString(long at, long end) {
        end = Math.min(end, data.capacity());
        if (at < 0 || at >= end) throw corrupt("string at 0x" + Long.toHexString(at) + " outside its table");
        int start = (int) at;
        int p = start;
        while (p < end && data.get(p) != 0) p++;
        if (p == end) throw corrupt("unterminated string at 0x" + Long.toHexString(at));
        byte[] bytes = new byte[p - start];
        data.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] bytes(long at, long length, String what) {
        check(at, length, what);
        byte[] out = new byte[(int) length];
        data.get((int) at, out);
        return out;
    }

    void check(long at, long length, String what) {
        if (at < 0 || length < 0 || at > data.capacity() || length > data.capacity() - at) {
            throw corrupt(what + " at 0x" + Long.toHexString(at) + " (+" + length + ") lies outside the file");
        }
    }

    BpfxException.CorruptObject corrupt(String what) {
        return new BpfxException.CorruptObject(path + ": corrupt ELF: " + what);
    }

    /** A supplier computing {@code compute} on first use only: version tables matter only on a symbol hit. */
    private static <T> Supplier<T> once(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = compute.get();
                return value;
            }
        };
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    @Override
    public String toString() {
        return "ElfFile[" + path + "]";
    }
}
