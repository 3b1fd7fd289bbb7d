package io.bpfx.engine.libbpf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** libjnidispatch is unpacked once into the cache, and a copy anyone else could have written is never loaded. */
class JnaTest {
    @TempDir
    Path cache;

    @Test
    void unpacksOnceThenReusesItsOwnCopy() throws Exception {
        Path dir = Jna.unpackedDispatch(cache);
        assertNotNull(dir);
        Path lib = dir.resolve(System.mapLibraryName("jnidispatch"));
        byte[] first = Files.readAllBytes(lib);
        assertEquals(expectedCrc(dir), crc(first), "the copy is the jar's bytes");
        long mtime = Files.getLastModifiedTime(lib).toMillis();
        Thread.sleep(20);
        assertEquals(dir, Jna.unpackedDispatch(cache));
        assertEquals(mtime, Files.getLastModifiedTime(lib).toMillis(), "a good copy is reused, not rewritten");
    }

    @Test
    void aChangedOrGroupWritableCopyIsReplaced() throws Exception {
        Path dir = Jna.unpackedDispatch(cache);
        Path lib = dir.resolve(System.mapLibraryName("jnidispatch"));
        byte[] good = Files.readAllBytes(lib);
        byte[] planted = good.clone();
        planted[planted.length / 2] ^= 0x5a; // same size, other bytes
        Files.write(lib, planted);
        Jna.unpackedDispatch(cache);
        assertArrayEquals(good, Files.readAllBytes(lib), "a copy with other bytes is replaced");

        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-rw-r--"));
        Jna.unpackedDispatch(cache);
        assertFalse(Files.getPosixFilePermissions(lib).contains(PosixFilePermission.GROUP_WRITE),
                "a copy others could write is replaced by a fresh one");
        assertArrayEquals(good, Files.readAllBytes(lib));
    }

    private static long expectedCrc(Path dir) {
        return Long.parseLong(dir.getFileName().toString().split("-")[0], 16); // the folder is CRC-SIZE
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
