package io.bpfx.exporter.serve;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secret every {@code /api/} request must present as {@code Authorization: Bearer TOKEN}.
 * It comes from a file only its owner can read, or is generated (256 random bits) into a new
 * 0600 file. Requests are compared in constant time: both sides are hashed first, so neither
 * the content nor the length of the token leaks through timing.
 */
public final class BearerToken {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] digest;
    private final Path file;
    private final boolean generated;

    private BearerToken(String token, Path file, boolean generated) {
        this.digest = sha256(token.getBytes(StandardCharsets.UTF_8));
        this.file = file;
        this.generated = generated;
    }

    /**
     * Reads the token from {@code file} (surrounding whitespace trimmed).
     *
     * @throws BpfxException.BadInput the file is readable by group or others, empty, or too short
     */
    public static BearerToken fromFile(Path file) {
        return new BearerToken(read(file), file, false);
    }

    /** The token kept in {@code file}, with the same checks as {@link #fromFile} ({@code bpfx remote}). */
    public static String read(Path file) {
        Set<PosixFilePermission> perms;
        String token;
        try {
            perms = Files.getPosixFilePermissions(file);
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new BpfxException.NotFound("token file " + file + " not found");
        } catch (IOException e) {
            throw new BpfxException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        for (PosixFilePermission p : perms) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                throw new BpfxException.BadInput("token file " + file + " is readable by others (mode "
                        + PosixFilePermissions.toString(perms) + "): chmod 600 it");
            }
        }
        if (token.length() < 16 || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new BpfxException.BadInput("token file " + file
                    + " must hold one token of at least 16 printable characters");
        }
        return token;
    }

    /** A new random token written to a fresh 0600 file in {@code dir}; the file is new (never reused). */
    public static BearerToken generate(Path dir) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        try {
            Path file = Files.createTempFile(dir, "bpfx-serve-", ".token",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            return new BearerToken(token, file, true);
        } catch (IOException e) {
            throw new BpfxException("cannot write a token file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Where the token is kept. */
    public Path file() {
        return file;
    }

    /** Removes a generated token file (the token dies with the server); a given one is left alone. */
    public void forgetGenerated() {
        if (!generated) return;
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) Files.delete(file);
        } catch (IOException ignored) {
            // best effort: the token is useless once the server is gone
        }
    }

    /** True when {@code authorization} is exactly {@code Bearer <token>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = sha256(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(digest, given);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
