package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.ProbeSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Installing, listing, opening and removing packages in a folder: files only, no kernel. */
class PackageStoreTest {
    /** A kernel with tracepoints and no kprobes, like this one; the doctor's probe plugs in the same way. */
    private static final ProbeSupport KERNEL = kind -> kind.equals("kprobe")
            ? new ProbeSupport.Verdict(false, true, "no kprobes (CONFIG_KPROBES off)")
            : new ProbeSupport.Verdict(true, true, "");

    @TempDir
    Path root;

    private PackageStore store() {
        return new PackageStore(root.resolve("packages"), KERNEL);
    }

    private List<String> left() throws IOException {
        if (!Files.exists(root.resolve("packages"))) return List.of();
        try (Stream<Path> s = Files.list(root.resolve("packages"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installOpenListUpgradeRemove() throws IOException {
        PackageStore s = store();
        assertEquals(java.util.Optional.empty(), s.install(Packages.archive("snoop", "1.0", List.of("tracepoint")), false).replaced());
        PackageStore.Installed i = s.open("snoop").orElseThrow();
        assertEquals(root.resolve("packages/snoop/snoop.lua"), i.script());
        assertEquals("1.0", s.list().get(0).manifest().version());

        assertEquals("1.0", s.install(Packages.archive("snoop", "1.1", List.of()), false).replaced().orElseThrow());
        assertEquals("1.1", s.open("snoop").orElseThrow().manifest().version());
        assertEquals(List.of("snoop"), left(), "the old version and the staging folder are gone");

        String older = assertThrows(BpfxException.BadInput.class,
                () -> s.install(Packages.archive("snoop", "1.0.9", List.of()), false)).getMessage();
        assertEquals("package snoop 1.1 is installed, newer than 1.0.9 (--force installs the older one)", older);
        assertEquals("1.1", s.open("snoop").orElseThrow().manifest().version());
        s.install(Packages.archive("snoop", "1.0.9", List.of()), true);
        assertEquals("1.0.9", s.open("snoop").orElseThrow().manifest().version());

        s.remove("snoop");
        assertEquals(List.of(), left());
        assertEquals(java.util.Optional.empty(), s.open("snoop"));
        assertThrows(BpfxException.NotFound.class, () -> s.remove("snoop"));
        assertThrows(BpfxException.NotFound.class, () -> s.remove("../packages"));
    }

    @Test
    void aPackageNeedingAMissingKernelFeatureInstallsNothing() throws IOException {
        String msg = assertThrows(BpfxException.Unsupported.class,
                () -> store().install(Packages.archive("kp", "1.0", List.of("tracepoint", "kprobe")), false)).getMessage();
        assertEquals("package kp needs kprobe probes, which this kernel lacks: no kprobes (CONFIG_KPROBES off)", msg);
        assertEquals(List.of(), left());
    }

    @Test
    void aChangedInstalledFileDoesNotOpen() throws IOException {
        PackageStore s = store();
        s.install(Packages.archive("snoop", "1.0", List.of()), false);
        Path obj = root.resolve("packages/snoop/snoop.bpf.o");
        byte[] b = Files.readAllBytes(obj);
        b[5] ^= 1;
        Files.write(obj, b);
        String msg = assertThrows(BpfxException.BadInput.class, () -> s.open("snoop")).getMessage();
        assertEquals("package snoop (installed in " + root.resolve("packages/snoop")
                + "): checksum mismatch in snoop.bpf.o (corrupt or tampered)", msg);
        assertTrue(s.list().get(0).problem().endsWith("checksum mismatch in snoop.bpf.o (corrupt or tampered)"));
    }

    @Test
    void symlinksAndExtraFilesInAnInstalledPackageDoNotOpen(@TempDir Path elsewhere) throws IOException {
        PackageStore s = store();
        s.install(Packages.archive("snoop", "1.0", List.of()), false);
        Path dir = root.resolve("packages/snoop");
        Files.writeString(dir.resolve("extra.lua"), "os.execute('x')");
        assertTrue(assertThrows(BpfxException.BadInput.class, () -> s.open("snoop")).getMessage()
                .endsWith("unexpected file extra.lua (tampered)"));
        Files.delete(dir.resolve("extra.lua"));
        Path real = Files.write(elsewhere.resolve("snoop.lua"), Files.readAllBytes(dir.resolve("snoop.lua")));
        Files.delete(dir.resolve("snoop.lua"));
        Files.createSymbolicLink(dir.resolve("snoop.lua"), real);
        assertTrue(assertThrows(BpfxException.BadInput.class, () -> s.open("snoop")).getMessage()
                .endsWith("snoop.lua is a symlink (tampered)"));
    }

    @Test
    void namesThatAreNotPackageNamesAreNotLookedUp() throws IOException {
        Files.createDirectories(root.resolve("secret"));
        PackageStore s = store();
        assertEquals(java.util.Optional.empty(), s.open("../secret"));
        assertEquals(java.util.Optional.empty(), s.open("/etc"));
    }
}
