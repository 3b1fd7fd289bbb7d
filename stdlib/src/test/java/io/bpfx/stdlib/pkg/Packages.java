package io.bpfx.stdlib.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Packages made in memory for the pure tests: real manifests and zips, no compiler. */
final class Packages {
    private Packages() {}

    static Map<String, byte[]> files(String name) {
        Map<String, byte[]> f = new TreeMap<>();
        f.put(name + ".lua", ("set_description(\"" + name + "\")\nprint(\"hi\")\n").getBytes(StandardCharsets.UTF_8));
        f.put(name + ".bpf.c", "// source\n".getBytes(StandardCharsets.UTF_8));
        f.put(name + ".bpf.o", new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
        return f;
    }

    static PackageArchive archive(String name, String version, List<String> features) {
        Map<String, byte[]> f = files(name);
        String key = io.bpfx.engine.build.Prebuilt.key(f.get(name + ".bpf.c"), List.of());
        PackageManifest m = new PackageManifest(PackageManifest.FORMAT, name, version, "what " + name + " shows",
                name + ".lua", List.of(new PackageManifest.Option("-p, --pid", "one process")), features,
                List.of(new PackageManifest.BuiltObject(name + ".bpf.c", name + ".bpf.o", List.of(), key)), null, null);
        return new PackageArchive(PackageArchive.seal(m, f).checked(name), f);
    }

    /** A zip of exactly these entries, in this order (the manifest given as bytes). */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The manifest and files of {@code a}, with the manifest first, ready to change and re-zip. */
    static Map<String, byte[]> entries(PackageArchive a) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(PackageManifest.FILE, a.manifest().toJson());
        m.putAll(a.files());
        return m;
    }
}
