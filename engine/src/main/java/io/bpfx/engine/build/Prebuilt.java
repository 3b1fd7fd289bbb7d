package io.bpfx.engine.build;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CO-RE objects compiled elsewhere (an installed package's {@code .bpf.o}), each standing for
 * the exact source text and defines it was built from. {@link BpfCompiler#compile} asks here
 * first, so {@code add_files("x.bpf.c")} of a package runs its object on a machine with no
 * clang, through the same rule as every other script; a changed source or define misses and
 * is compiled as usual.
 */
public final class Prebuilt {
    private static final Prebuilt NONE = new Prebuilt(Map.of());
    private final Map<String, Path> objects;

    private Prebuilt(Map<String, Path> objects) {
        this.objects = Map.copyOf(objects);
    }

    public static Prebuilt none() {
        return NONE;
    }

    /** The key of a source: SHA-256 of its text and of its defines, in order. */
    public static String key(byte[] source, List<String> defines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(source);
            for (String d : defines) {
                md.update((byte) 0);
                md.update(d.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** These objects plus {@code object}, built from the source and defines of {@code key}. */
    public Prebuilt with(String key, Path object) {
        Map<String, Path> m = new HashMap<>(objects);
        m.put(key, object);
        return new Prebuilt(m);
    }

    /** Both sets (keys are content hashes, so they never disagree). */
    public Prebuilt and(Prebuilt other) {
        Map<String, Path> m = new HashMap<>(objects);
        m.putAll(other.objects);
        return new Prebuilt(m);
    }

    /** The object built from exactly this request's source and defines, if there is one. */
    Optional<Path> find(CompileRequest req) {
        if (objects.isEmpty()) return Optional.empty();
        try {
            return Optional.ofNullable(objects.get(key(Files.readAllBytes(req.source()), req.defines())));
        } catch (IOException e) {
            throw new BpfxException.NotFound("BPF source " + req.source() + " not found");
        }
    }
}
