package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;
import io.bpfx.engine.ProbeSupport;
import io.bpfx.engine.build.Prebuilt;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The installed packages: one folder per package under {@link #root()}, holding the
 * manifest and its entries unpacked. Installing checks the whole package and the kernel
 * features it needs before it writes, into a hidden folder renamed into place, so a refused
 * or failed install leaves nothing. Opening a package for a run checks every entry's SHA-256
 * again: a package changed on disk since it was installed does not run.
 */
public final class PackageStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private final Path root;
    private final ProbeSupport support;

    public PackageStore(Path root, ProbeSupport support) {
        this.root = root;
        this.support = support;
    }

    /** $BPFX_HOME/packages; else /var/lib/bpfx/packages for root; else ~/.local/share/bpfx/packages. */
    public static Path defaultRoot() {
        String home = System.getenv("BPFX_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "packages");
        if ("root".equals(System.getProperty("user.name"))) return Path.of("/var/lib/bpfx/packages");
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "bpfx", "packages");
        return Path.of(System.getProperty("user.home"), ".local", "share", "bpfx", "packages");
    }

    public Path root() {
        return root;
    }

    /** An installed package, checked: its script, and its objects for the compiler. */
    public record Installed(PackageManifest manifest, Path dir, Path script, Prebuilt objects) {}

    /** What {@link #install} did: the version replaced, if any. */
    public record Outcome(PackageManifest installed, Optional<String> replaced) {}

    /**
     * Installs {@code pkg} (already read and checked), replacing an installed older or equal
     * version; an installed newer one stays unless {@code force}.
     */
    public Outcome install(PackageArchive pkg, boolean force) {
        PackageManifest m = pkg.manifest();
        requireFeatures(m);
        Path dir = root.resolve(m.name());
        Optional<String> had = Optional.empty();
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                had = Optional.of(PackageManifest.parse(Files.readAllBytes(dir.resolve(PackageManifest.FILE)), m.name()).version());
            } catch (IOException | BpfxException broken) {
                had = Optional.of("(broken)");
            }
            if (!force && !had.get().equals("(broken)") && m.compareVersion(had.get()) < 0) {
                throw new BpfxException.BadInput("package " + m.name() + " " + had.get() + " is installed, newer than "
                        + m.version() + " (--force installs the older one)");
            }
        }
        Path fresh = root.resolve("." + m.name() + ".new-" + UUID.randomUUID());
        Path old = root.resolve("." + m.name() + ".old-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            Files.createDirectory(fresh);
            for (Map.Entry<String, byte[]> f : pkg.files().entrySet()) {
                Path p = fresh.resolve(f.getKey());
                if (!p.normalize().startsWith(fresh)) throw EntryPaths.bad(m.name(), "entry " + f.getKey() + " escapes");
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            Files.write(fresh.resolve(PackageManifest.FILE), m.toJson(), StandardOpenOption.CREATE_NEW);
            if (had.isPresent()) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            deleteQuietly(fresh);
            throw new BpfxException("cannot install " + m.name() + " into " + root + ": " + e.getMessage(), e);
        }
        return new Outcome(m, had);
    }

    /** Every installed package's manifest by name, or why it is broken. */
    public List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.sorted().toList()) {
                String n = d.getFileName().toString();
                if (n.startsWith(".") || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    out.add(new Listed(n, open(n).orElseThrow().manifest(), null));
                } catch (BpfxException | java.util.NoSuchElementException e) {
                    out.add(new Listed(n, null, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new BpfxException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One row of {@link #list}: a manifest, or the one line saying why the package cannot run. */
    public record Listed(String name, PackageManifest manifest, String problem) {}

    /** Removes package {@code name}; NotFound when it is not installed. */
    public void remove(String name) {
        Path dir = NAME.matcher(name).matches() ? root.resolve(name) : null;
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BpfxException.NotFound("package " + name + " is not installed in " + root + " (bpfx list)");
        }
        try {
            Path gone = root.resolve("." + name + ".old-" + UUID.randomUUID());
            Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(gone);
        } catch (IOException e) {
            throw new BpfxException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Installed package {@code name}, with every entry checked against its manifest, or empty
     * when none is installed by that name. A changed, missing or extra file, or a kernel
     * feature this kernel lacks, is one line.
     */
    public Optional<Installed> open(String name) {
        if (!NAME.matcher(name).matches()) return Optional.empty();
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        String shown = name + " (installed in " + dir + ")";
        try {
            PackageManifest m = PackageManifest.parse(readPlain(dir, PackageManifest.FILE, shown), shown);
            Map<String, byte[]> files = new java.util.TreeMap<>();
            for (String entry : m.entries().keySet()) files.put(entry, readPlain(dir, entry, shown));
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.toList()) {
                    String rel = dir.relativize(p).toString();
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                    if (!rel.equals(PackageManifest.FILE) && !files.containsKey(rel)) {
                        throw EntryPaths.bad(shown, "unexpected file " + rel + " (tampered)");
                    }
                }
            }
            new PackageArchive(m, files).verified(shown);
            requireFeatures(m);
            Prebuilt objects = Prebuilt.none();
            for (PackageManifest.BuiltObject o : m.objects()) {
                if (!o.key().equals(Prebuilt.key(files.get(o.source()), o.defines()))) {
                    throw EntryPaths.bad(shown, "object " + o.object() + " was not built from " + o.source());
                }
                objects = objects.with(o.key(), dir.resolve(o.object()));
            }
            return Optional.of(new Installed(m, dir, dir.resolve(m.script()), objects));
        } catch (IOException e) {
            throw EntryPaths.bad(shown, "cannot read it: " + e.getMessage());
        }
    }

    private static byte[] readPlain(Path dir, String entry, String shown) throws IOException {
        Path p = dir.resolve(entry);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw EntryPaths.bad(shown, entry + (Files.isSymbolicLink(p) ? " is a symlink" : " is missing") + " (tampered)");
        }
        if (Files.size(p) > PackageArchive.MAX_ENTRY) throw EntryPaths.bad(shown, entry + " is too large");
        return Files.readAllBytes(p);
    }

    /** One line when this kernel lacks a probe kind the package needs. */
    private void requireFeatures(PackageManifest m) {
        for (String kind : m.features()) {
            ProbeSupport.Verdict v = support.check(kind);
            if (v.checked() && !v.ok()) {
                throw new BpfxException.Unsupported("package " + m.name() + " needs " + kind + " probes, which this kernel lacks: "
                        + v.why());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException ignored) {
            // a hidden leftover; the next install uses a fresh name
        }
    }
}
