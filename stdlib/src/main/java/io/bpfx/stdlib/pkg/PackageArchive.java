package io.bpfx.stdlib.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A package file: a zip of {@value PackageManifest#FILE} and the entries it lists. Reading is
 * pure and bounded: sizes are counted as bytes inflate (a zip's own size fields are not
 * trusted), every name is checked before use, and the contents must be exactly the
 * manifest's entries with their SHA-256.
 */
public record PackageArchive(PackageManifest manifest, Map<String, byte[]> files) {
    /** Bounds: a package, one entry inflated, all entries inflated, and how many entries. */
    public static final int MAX_PACKAGE = 16 << 20;
    static final int MAX_ENTRY = 8 << 20;
    static final int MAX_TOTAL = 32 << 20;
    static final int MAX_ENTRIES = 64;

    public PackageArchive {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The package in {@code bytes}, checked whole; {@code shown} names it in the one-line error. */
    public static PackageArchive read(byte[] bytes, String shown) {
        if (bytes.length > MAX_PACKAGE) throw EntryPaths.bad(shown, "larger than " + (MAX_PACKAGE >> 20) + " MiB");
        if (!endsWithDirectory(bytes)) {
            throw EntryPaths.bad(shown, bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K'
                    ? "not a bpfx package (empty, truncated or not a zip)" : "truncated (the zip's end record is missing)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] manifest = null;
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory()) throw EntryPaths.bad(shown, "entry \"" + e.getName() + "\" is a folder");
                String name = EntryPaths.check(shown, e.getName());
                if (files.size() >= MAX_ENTRIES) throw EntryPaths.bad(shown, "more than " + MAX_ENTRIES + " entries");
                byte[] data = readBounded(zip, shown, name);
                total += data.length;
                if (total > MAX_TOTAL) throw EntryPaths.bad(shown, "entries larger than " + (MAX_TOTAL >> 20) + " MiB in all");
                if (name.equals(PackageManifest.FILE)) {
                    if (manifest != null) throw EntryPaths.bad(shown, "two manifests");
                    manifest = data;
                } else if (files.put(name, data) != null) {
                    throw EntryPaths.bad(shown, "entry " + name + " appears twice");
                }
            }
        } catch (IOException e) {
            throw EntryPaths.bad(shown, "corrupt or truncated zip (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw EntryPaths.bad(shown, files.isEmpty() ? "not a bpfx package (empty, truncated or not a zip)"
                    : "no " + PackageManifest.FILE + " (truncated, or not a bpfx package)");
        }
        PackageManifest m = PackageManifest.parse(manifest, shown);
        return new PackageArchive(m, files).verified(shown);
    }

    /** Whether the zip's end-of-central-directory record is where it must be (a cut file loses it). */
    private static boolean endsWithDirectory(byte[] b) {
        for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6
                    && i + 22 + ((b[i + 20] & 0xff) | (b[i + 21] & 0xff) << 8) == b.length) {
                return true;
            }
        }
        return false;
    }

    /** Checks that the files are exactly the manifest's entries, each with its SHA-256. */
    PackageArchive verified(String shown) {
        for (String name : manifest.entries().keySet()) {
            if (!files.containsKey(name)) throw EntryPaths.bad(shown, "entry " + name + " is missing (truncated?)");
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String want = manifest.entries().get(f.getKey());
            if (want == null) throw EntryPaths.bad(shown, "entry " + f.getKey() + " is not in the manifest");
            if (!want.equals(PackageManifest.sha256(f.getValue()))) {
                throw EntryPaths.bad(shown, "checksum mismatch in " + f.getKey() + " (corrupt or tampered)");
            }
        }
        return this;
    }

    private static byte[] readBounded(InputStream in, String shown, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + n > MAX_ENTRY) {
                throw EntryPaths.bad(shown, "entry " + name + " is larger than " + (MAX_ENTRY >> 20) + " MiB");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The zip: manifest first, then the entries by name (same files, same bytes out). */
    public byte[] toZip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, PackageManifest.FILE, manifest.toJson());
            for (Map.Entry<String, byte[]> f : files.entrySet()) put(zip, f.getKey(), f.getValue());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0); // the same package bytes from the same inputs
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** A manifest for {@code files}, with their SHA-256 and the checksum filled in. */
    static PackageManifest seal(PackageManifest m, Map<String, byte[]> files) {
        Map<String, String> entries = new TreeMap<>();
        files.forEach((k, v) -> entries.put(k, PackageManifest.sha256(v)));
        return new PackageManifest(PackageManifest.FORMAT, m.name(), m.version(), m.description(), m.script(),
                m.options(), m.features(), m.objects(), entries, PackageManifest.checksumOf(entries));
    }
}
