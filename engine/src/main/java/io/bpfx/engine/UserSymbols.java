package io.bpfx.engine;

import io.bpfx.engine.elf.ElfFile;
import io.bpfx.engine.elf.ElfSymbol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a user-space address of a live process: {@code /proc/PID/maps} gives the file mapped
 * there and the file offset, the engine's ELF reader gives the function holding that offset.
 * Parsed ELF files are kept (a few, least recently used first out); the maps are read per call,
 * since mappings change. Not thread-safe: one per thread.
 */
public final class UserSymbols {
    private static final int CACHED_FILES = 16;

    private final Map<Path, ElfFile> files = new LinkedHashMap<>(CACHED_FILES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, ElfFile> eldest) {
            return size() > CACHED_FILES;
        }
    };

    /** The function at {@code addr} in process {@code pid} as {@code name+0xoff}, or null when none is known. */
    public Kallsyms.Symbol resolve(int pid, long addr) {
        Mapping m = mapping(pid, addr);
        if (m == null) return null;
        ElfFile elf;
        try {
            elf = files.computeIfAbsent(m.file, ElfFile::read);
        } catch (BpfxException e) {
            return null;   // deleted, unreadable or not ELF: nothing to name it by
        }
        long offset = addr - m.start + m.fileOffset;
        ElfSymbol best = null;
        long bestStart = 0;
        for (ElfSymbol s : elf.symbols()) {
            if (!s.isFunction() || s.value() == 0) continue;
            long start;
            try {
                start = elf.fileOffset(s.value());
            } catch (BpfxException e) {
                continue;
            }
            boolean inside = s.size() > 0 ? offset >= start && offset - start < s.size() : offset >= start;
            if (inside && (best == null || start > bestStart || start == bestStart && s.size() > 0 && best.size() == 0)) {
                best = s;
                bestStart = start;
            }
        }
        return best == null ? null : new Kallsyms.Symbol(best.name(), offset - bestStart);
    }

    private record Mapping(long start, long fileOffset, Path file) {
    }

    /** The file-backed mapping holding {@code addr}, from lines like "55d4a000-55d4b000 r-xp 00001000 08:01 123 /usr/bin/x". */
    private static Mapping mapping(int pid, long addr) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "maps"));
        } catch (IOException e) {
            return null;   // the process is gone
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) continue;
            int dash = f[0].indexOf('-');
            long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            if (Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, end) < 0) {
                String file = f[5].endsWith(" (deleted)") ? f[5].substring(0, f[5].length() - 10) : f[5];
                // the process's own view of the file: right even inside another mount namespace
                Path viaRoot = Path.of("/proc", Integer.toString(pid), "root").resolve(file.substring(1));
                return new Mapping(start, Long.parseUnsignedLong(f[2], 16), Files.exists(viaRoot) ? viaRoot : Path.of(file));
            }
        }
        return null;
    }
}
