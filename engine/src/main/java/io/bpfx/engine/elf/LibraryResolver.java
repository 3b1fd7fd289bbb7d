package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the binary part of a probe place ({@code libc}, {@code libc.so.6},
 * {@code bash}, {@code ./a.out}) into a file, the way the dynamic loader and the
 * shell would find it.
 */
public final class LibraryResolver {

    /** Where ld.so looks when the cache has nothing (its built-in trusted dirs on x86-64 Debian/Fedora). */
    static final List<Path> DEFAULT_DIRS = List.of(
            Path.of("/lib"), Path.of("/usr/lib"), Path.of("/lib64"), Path.of("/usr/lib64"),
            Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"));

    private final List<LibraryEntry> entries;
    private final List<Path> executableDirs;
    private final List<String> librarySources;
    private final String sourceSummary;
    private final RealPaths realPaths;
    private List<LibraryEntry> loaderLibraries;

    private LibraryResolver(List<LibraryEntry> entries, List<Path> executableDirs, List<String> librarySources,
                            String sourceSummary, RealPaths realPaths) {
        this.realPaths = realPaths;
        this.entries = List.copyOf(entries);
        this.executableDirs = List.copyOf(executableDirs);
        this.librarySources = List.copyOf(librarySources);
        this.sourceSummary = sourceSummary;
    }

    /**
     * The loader's view of this machine, in its lookup order: LD_LIBRARY_PATH dirs,
     * /etc/ld.so.cache, then the default dirs (only files the cache does not already
     * cover). Executables are looked up in $PATH.
     */
    public static LibraryResolver system() {
        RealPaths realPaths = new RealPaths();
        List<LibraryEntry> entries = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        Set<Path> scannedDirs = new HashSet<>();
        Set<Path> known = new HashSet<>();

        List<Path> ldLibraryPath = splitPath(System.getenv("LD_LIBRARY_PATH"));
        for (Path dir : ldLibraryPath) {
            entries.addAll(scanDirectory(dir, scannedDirs, known, realPaths));
        }
        if (!ldLibraryPath.isEmpty()) {
            sources.add("LD_LIBRARY_PATH (" + joinPaths(ldLibraryPath) + ")");
            summary.add("LD_LIBRARY_PATH");
        }

        if (Files.exists(LdSoCache.DEFAULT_PATH)) {
            List<LibraryEntry> cached = LdSoCache.read(LdSoCache.DEFAULT_PATH);
            entries.addAll(cached);
            sources.add(LdSoCache.DEFAULT_PATH + " (" + cached.size() + " entries)");
            summary.add(LdSoCache.DEFAULT_PATH.toString());
        }

        for (LibraryEntry e : entries) {
            Path dir = realPaths.of(e.path().getParent());
            if (dir != null) known.add(dir.resolve(e.path().getFileName()));   // the name, as a dir scan sees it
            Path real = realPaths.of(e.path());
            if (real != null) known.add(real);                                 // the file it leads to
        }
        for (Path dir : DEFAULT_DIRS) {
            entries.addAll(scanDirectory(dir, scannedDirs, known, realPaths));
        }
        sources.add(joinPaths(DEFAULT_DIRS));
        if (summary.isEmpty()) summary.add("default dirs");
        return new LibraryResolver(entries, splitPath(System.getenv("PATH")), sources, String.join(", ", summary),
                realPaths);
    }

    /** A resolver over exactly these libraries (and $PATH for executables). */
    public static LibraryResolver of(List<LibraryEntry> entries) {
        return of(entries, splitPath(System.getenv("PATH")));
    }

    public static LibraryResolver of(List<LibraryEntry> entries, List<Path> executableDirs) {
        String given = "a given list of " + entries.size() + " libraries";
        return new LibraryResolver(entries, executableDirs, List.of(given), given, new RealPaths());
    }

    /** All entries, in lookup order, including non-x86-64 ones. */
    public List<LibraryEntry> entries() {
        return entries;
    }

    /** Where libraries come from, in detail: "/etc/ld.so.cache (593 entries), /lib, /usr/lib, ...". */
    public String librarySources() {
        return String.join(", ", librarySources);
    }

    /** Where libraries come from, briefly: "/etc/ld.so.cache" (with LD_LIBRARY_PATH when set). */
    public String sourceSummary() {
        return sourceSummary;
    }

    /**
     * The file a place's binary part names:
     * <ul>
     * <li>anything with a '/' is a path (relative to the working directory);</li>
     * <li>an exact soname ({@code libc.so.6});</li>
     * <li>a library stem ({@code libc}, {@code libluajit-5.1}) matches sonames
     *     {@code stem.so*}, the highest version winning;</li>
     * <li>an executable in $PATH ({@code bash});</li>
     * <li>a stem without "lib" ({@code c}, {@code luajit-5.1}) as {@code lib<stem>.so*}.</li>
     * </ul>
     * Only x86-64 libraries count.
     *
     * @throws BpfxException.NotFound naming every place it looked
     */
    public Path resolveBinary(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BpfxException.BadInput("empty binary name");
        }
        if (nameOrPath.indexOf('/') >= 0) {
            Path path = Path.of(nameOrPath).toAbsolutePath().normalize();
            if (!Files.exists(path)) throw new BpfxException.NotFound("binary " + path + " does not exist");
            if (Files.isDirectory(path)) throw new BpfxException.BadInput(path + " is a directory, not a binary");
            return path;
        }
        for (LibraryEntry e : entries) {
            if (e.x86_64() && e.soname().equals(nameOrPath) && Files.exists(e.path())) return e.path();
        }
        Path lib = bySonamePrefix(nameOrPath.contains(".so") ? nameOrPath : nameOrPath + ".so");
        if (lib != null) return lib;
        for (Path dir : executableDirs) {
            Path candidate = dir.resolve(nameOrPath);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        if (!nameOrPath.startsWith("lib")) {
            lib = bySonamePrefix("lib" + nameOrPath + ".so");
            if (lib != null) return lib;
        }
        throw new BpfxException.NotFound("cannot find binary \"" + nameOrPath + "\": no x86-64 library by that name in "
                + librarySources() + ", and no executable in $PATH (" + joinPaths(executableDirs) + ")");
    }

    /** Every distinct (by real path) existing x86-64 library the loader knows, in lookup order. */
    public List<Path> loaderLibraries() {
        return loaderLibraryEntries().stream().map(LibraryEntry::path).toList();
    }

    /**
     * Like {@link #loaderLibraries()} with sonames. When several entries are one
     * file (libz.so, libz.so.1), the most specific soname stands for it.
     */
    public synchronized List<LibraryEntry> loaderLibraryEntries() {
        if (loaderLibraries == null) {
            Map<Path, LibraryEntry> byRealPath = new LinkedHashMap<>();
            for (LibraryEntry e : entries) {
                if (!e.x86_64()) continue;
                Path real = realPaths.of(e.path());
                if (real == null) continue;         // stale cache entry
                byRealPath.merge(real, e, (a, b) -> SONAME_ORDER.compare(b.soname(), a.soname()) > 0 ? b : a);
            }
            loaderLibraries = List.copyOf(byRealPath.values());
        }
        return loaderLibraries;
    }

    /** Highest soname starting with {@code prefix} followed by nothing or a '.', among x86-64 entries. */
    private Path bySonamePrefix(String prefix) {
        LibraryEntry best = null;
        for (LibraryEntry e : entries) {
            String s = e.soname();
            if (!e.x86_64() || !s.startsWith(prefix)) continue;
            if (s.length() > prefix.length() && s.charAt(prefix.length()) != '.') continue;
            if (!Files.exists(e.path())) continue;
            if (best == null || SONAME_ORDER.compare(s, best.soname()) > 0) best = e;
        }
        return best == null ? null : best.path();
    }

    /**
     * Version-aware order: digit runs compare as numbers, so libfoo.so.10 sorts
     * above libfoo.so.9; otherwise plain character order.
     */
    static final Comparator<String> SONAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /**
     * Shared libraries in {@code dir} not already {@code known} (by name in that
     * dir, or by the file a symlink leads to); each new file's ELF header says
     * whether it is x86-64. Linker scripts and other non-ELF files are skipped.
     * Known names cost no system call, so rescanning a dir the cache covers is cheap.
     */
    private static List<LibraryEntry> scanDirectory(Path dir, Set<Path> scannedDirs, Set<Path> known,
                                                    RealPaths realPaths) {
        Path realDir = realPaths.of(dir);
        if (realDir == null || !Files.isDirectory(realDir) || !scannedDirs.add(realDir)) return List.of();
        List<LibraryEntry> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(realDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!(name.endsWith(".so") || name.contains(".so."))) continue;
                if (known.contains(file)) continue;
                Path real = Files.isSymbolicLink(file) ? realPaths.of(file) : file;
                if (real == null || !known.add(real) || !Files.isRegularFile(real)) continue;
                Boolean x8664 = isX8664Elf(real);
                if (x8664 != null) found.add(new LibraryEntry(name, dir.resolve(name), x8664));
            }
        } catch (IOException e) {
            return List.of();     // an unreadable dir is one the loader cannot use either
        }
        return found;
    }

    /** True for an ELF64 LE x86-64 file, false for another ELF, null for a non-ELF or unreadable file. */
    static Boolean isX8664Elf(Path file) {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, 20) < 20) return null;
        } catch (IOException e) {
            return null;
        }
        if (header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') return null;
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
        return header[4] == 2 && header[5] == 1 && machine == ElfFile.EM_X86_64;
    }

    /** The canonical file behind {@code path} (symlinks resolved), or null if it does not exist. */
    Path realPathOf(Path path) {
        return realPaths.of(path);
    }

    private static List<Path> splitPath(String value) {
        List<Path> dirs = new ArrayList<>();
        if (value == null) return dirs;
        for (String part : value.split(":")) {
            if (!part.isEmpty()) dirs.add(Path.of(part));
        }
        return dirs;
    }

    private static String joinPaths(List<Path> paths) {
        List<String> parts = new ArrayList<>();
        for (Path p : paths) parts.add(p.toString());
        return String.join(", ", parts);
    }
}
