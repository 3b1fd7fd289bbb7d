package io.bpfx.stdlib.pkg;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bpfx.engine.build.Prebuilt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A package's {@value #FILE}: what it is (name, version, description, options), what it
 * needs (probe kinds, as {@code bpfx tools} names them), its script, its prebuilt objects and
 * the SHA-256 of every other entry, with {@code checksum} over those. Parsing checks every
 * field and path; it reads bytes only (no kernel, no files).
 */
@JsonPropertyOrder({"format", "name", "version", "description", "script", "options", "features", "objects",
        "entries", "checksum"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackageManifest(int format, String name, String version, String description, String script,
                              List<Option> options, List<String> features, List<BuiltObject> objects,
                              Map<String, String> entries, String checksum) {
    public static final String FILE = "bpfx-package.json";
    static final int FORMAT = 1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One add_option of the script, as help shows it. */
    public record Option(String name, String help) {}

    /** A CO-RE object built from {@code source} with {@code defines}; {@code key} is {@link Prebuilt#key}. */
    public record BuiltObject(String source, String object, List<String> defines, String key) {}

    public PackageManifest {
        options = options == null ? List.of() : List.copyOf(options);
        features = features == null ? List.of() : List.copyOf(features);
        objects = objects == null ? List.of() : List.copyOf(objects);
        entries = entries == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** Parses and checks a manifest; {@code shown} names the package in the one-line error. */
    public static PackageManifest parse(byte[] json, String shown) {
        PackageManifest m;
        try {
            m = JSON.readValue(json, PackageManifest.class);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw EntryPaths.bad(shown, FILE + " is not a valid manifest: " + why.lines().findFirst().orElse(""));
        }
        return m.checked(shown);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This manifest, with every field checked: names, paths, hashes, and the checksum over the entries. */
    PackageManifest checked(String shown) {
        if (format != FORMAT) throw EntryPaths.bad(shown, "manifest format " + format + " (this bpfx reads " + FORMAT + ")");
        if (name == null || !NAME.matcher(name).matches()) {
            throw EntryPaths.bad(shown, "package name " + (name == null ? "missing" : "\"" + name + "\" is not [a-z0-9_-]"));
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw EntryPaths.bad(shown, "version " + (version == null ? "missing" : "\"" + version + "\" is not like 1.2.3"));
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            EntryPaths.check(shown, e.getKey());
            if (e.getKey().equals(FILE)) throw EntryPaths.bad(shown, "the manifest lists itself");
            if (e.getValue() == null || !SHA256.matcher(e.getValue()).matches()) {
                throw EntryPaths.bad(shown, "entry " + e.getKey() + " has no SHA-256");
            }
        }
        if (script == null || !entries.containsKey(EntryPaths.check(shown, script)) || !script.endsWith(".lua")) {
            throw EntryPaths.bad(shown, "script " + script + " is not a .lua entry of the package");
        }
        for (BuiltObject o : objects) {
            if (o.source == null || o.object == null || o.key == null || !SHA256.matcher(o.key).matches()) {
                throw EntryPaths.bad(shown, "an object without source, object or key");
            }
            for (String p : List.of(o.source, o.object)) {
                if (!entries.containsKey(EntryPaths.check(shown, p))) {
                    throw EntryPaths.bad(shown, "object " + p + " is not an entry of the package");
                }
            }
        }
        if (checksum == null || !checksum.equals(checksumOf(entries))) {
            throw EntryPaths.bad(shown, "checksum mismatch: the manifest's entries were changed (corrupt or tampered)");
        }
        return this;
    }

    /** SHA-256 over the sorted "name hash" lines of the entries. */
    static String checksumOf(Map<String, String> entries) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(entries).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This version against {@code other}, by numeric parts (1.10 > 1.9, 1.0.1 > 1.0): negative, 0 or positive. */
    public int compareVersion(String other) {
        String[] a = version.split("\\."), b = other.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? Long.parseLong(a[i]) : 0, y = i < b.length ? Long.parseLong(b[i]) : 0;
            if (x != y) return Long.compare(x, y);
        }
        return 0;
    }
}
