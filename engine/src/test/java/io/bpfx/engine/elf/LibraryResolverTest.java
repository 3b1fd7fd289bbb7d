package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryResolverTest {

    private static LibraryResolver system;
    /** soname → path for the x86-64 entries `ldconfig -p` prints, first one winning as in ld.so. */
    private static final java.util.Map<String, Path> LDCONFIG = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void readSystem() {
        system = LibraryResolver.system();
        Matcher line = Pattern.compile("^\\t(\\S+) \\(libc6,x86-64[^)]*\\) => (.+)$", Pattern.MULTILINE)
                .matcher(TestFiles.run("ldconfig", "-p"));
        while (line.find()) LDCONFIG.putIfAbsent(line.group(1), Path.of(line.group(2)));
    }

    @Test
    void resolvesLibcByStemSonameAndBareName() {
        Path libc = LDCONFIG.get("libc.so.6");
        assertEquals(libc, system.resolveBinary("libc"));
        assertEquals(libc, system.resolveBinary("libc.so.6"));
        assertEquals(libc, system.resolveBinary("libc.so"));
        assertEquals(libc, system.resolveBinary("c"));
        assertEquals(LDCONFIG.get("libluajit-5.1.so.2"), system.resolveBinary("libluajit-5.1"));
    }

    @Test
    void resolvesExecutablesThroughPath() {
        Path bash = Path.of(TestFiles.run("sh", "-c", "command -v bash").trim());
        assertEquals(bash, system.resolveBinary("bash"));
    }

    @Test
    void resolvesAbsoluteAndRelativePaths() {
        Path target = TestFiles.workload("uprobe_target").toAbsolutePath().normalize();
        assertEquals(target, system.resolveBinary(target.toString()));
        String relative = "./" + Path.of("").toAbsolutePath().relativize(target);
        assertEquals(target, system.resolveBinary(relative));

        var missing = assertThrows(BpfxException.NotFound.class, () -> system.resolveBinary("/nonexistent/bin/tool"));
        assertEquals("binary /nonexistent/bin/tool does not exist", missing.getMessage());
        assertThrows(BpfxException.BadInput.class, () -> system.resolveBinary(target.getParent().toString()));
        assertThrows(BpfxException.BadInput.class, () -> system.resolveBinary(" "));
    }

    @Test
    void missingNameSaysWhereItLooked() {
        var e = assertThrows(BpfxException.NotFound.class, () -> system.resolveBinary("bpfx-no-such-thing"));
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot find binary \"bpfx-no-such-thing\": no x86-64 library by that name in "), message);
        int cacheEntries = LdSoCache.read(LdSoCache.DEFAULT_PATH).size();
        assertTrue(message.contains("/etc/ld.so.cache (" + cacheEntries + " entries)"), message);
        for (String dir : List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/lib/x86_64-linux-gnu")) {
            assertTrue(message.contains(dir + ","), dir + " missing from: " + message);
        }
        String path = System.getenv("PATH");
        assertTrue(message.endsWith("and no executable in $PATH (" + path.replace(":", ", ") + ")"), message);
    }

    @Test
    void loaderLibrariesAreDistinctX8664FilesCoveringTheCache() {
        List<Path> libraries = system.loaderLibraries();
        Set<Path> real = new HashSet<>();
        for (Path lib : libraries) {
            assertTrue(real.add(system.realPathOf(lib)), "listed twice: " + lib);
            assertEquals(Boolean.TRUE, LibraryResolver.isX8664Elf(lib), lib + " is not an x86-64 ELF");
        }
        Set<Path> fromLdconfig = new HashSet<>();
        for (Path p : LDCONFIG.values()) {
            Path r = system.realPathOf(p);
            if (r != null) fromLdconfig.add(r);
        }
        assertTrue(real.containsAll(fromLdconfig), "every x86-64 cache library is listed");
        for (Path extra : real) {
            if (fromLdconfig.contains(extra)) continue;
            Path dir = extra.getParent();
            assertTrue(LibraryResolver.DEFAULT_DIRS.stream().anyMatch(d -> dir.equals(system.realPathOf(d))),
                    extra + " is neither in the cache nor in a default dir");
        }
        assertTrue(libraries.stream().noneMatch(p -> p.startsWith("/lib32")));
        assertTrue(real.contains(system.realPathOf(LDCONFIG.get("libluajit-5.1.so.2"))));
    }

    @Test
    void stemPicksHighestVersionAmongX8664Entries(@TempDir Path dir) throws IOException {
        Path v9 = Files.createFile(dir.resolve("libfoo.so.9"));
        Path v10 = Files.createFile(dir.resolve("libfoo.so.10"));
        Path v11 = Files.createFile(dir.resolve("libfoo.so.11"));
        Path sox = Files.createFile(dir.resolve("libfoo.sox"));
        LibraryResolver libs = LibraryResolver.of(List.of(
                new LibraryEntry("libfoo.so.9", v9, true),
                new LibraryEntry("libfoo.so.10", v10, true),
                new LibraryEntry("libfoo.so.11", v11, false),          // another architecture
                new LibraryEntry("libfoo.sox", sox, true),
                new LibraryEntry("libfoo.so.12", dir.resolve("gone"), true)), List.of());   // stale entry
        assertEquals(v10, libs.resolveBinary("libfoo"));
        assertEquals(v10, libs.resolveBinary("foo"));
        assertEquals(v9, libs.resolveBinary("libfoo.so.9"));
        var e = assertThrows(BpfxException.NotFound.class, () -> libs.resolveBinary("libfoo.so.11"));
        assertEquals("cannot find binary \"libfoo.so.11\": no x86-64 library by that name in a given list of 5 libraries,"
                + " and no executable in $PATH ()", e.getMessage());
    }

    @Test
    void executablesComeFromTheGivenDirsOnly(@TempDir Path dir) throws IOException {
        Path tool = Files.writeString(dir.resolve("mytool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("notexec"), "data\n");
        LibraryResolver libs = LibraryResolver.of(List.of(), List.of(dir.resolve("empty"), dir));
        assertEquals(tool, libs.resolveBinary("mytool"));
        assertThrows(BpfxException.NotFound.class, () -> libs.resolveBinary("notexec"));
    }

    @Test
    void oneFileUnderSeveralNamesIsOneLibraryNamedBySoname(@TempDir Path dir) throws IOException {
        Path file = Files.copy(TestFiles.workload("uprobe_target"), dir.resolve("libbar.so.1.2.3"));
        Path soname = Files.createSymbolicLink(dir.resolve("libbar.so.1"), file.getFileName());
        Path devLink = Files.createSymbolicLink(dir.resolve("libbar.so"), soname.getFileName());
        Path other = Files.copy(file, dir.resolve("libother.so.1"));
        LibraryResolver libs = LibraryResolver.of(List.of(
                new LibraryEntry("libbar.so", devLink, true),
                new LibraryEntry("libother.so.1", other, true),
                new LibraryEntry("libbar.so.1", soname, true),
                new LibraryEntry("libother.so.1", other, false)));
        assertEquals(List.of(
                new LibraryEntry("libbar.so.1", soname, true),
                new LibraryEntry("libother.so.1", other, true)), libs.loaderLibraryEntries());
        assertEquals(List.of(soname, other), libs.loaderLibraries());
    }

    @Test
    void sonameOrderComparesVersionNumbersNumerically() {
        List<String> names = new ArrayList<>(List.of("libx.so.10", "libx.so", "libx.so.9", "libx.so.1.2", "libx.so.1.10", "libx.so.1"));
        names.sort(LibraryResolver.SONAME_ORDER);
        assertEquals(List.of("libx.so", "libx.so.1", "libx.so.1.2", "libx.so.1.10", "libx.so.9", "libx.so.10"), names);
        assertEquals(0, LibraryResolver.SONAME_ORDER.compare("libx.so.010", "libx.so.10"), "leading zeros do not count");
    }
}
