package io.bpfx.engine.libbpf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Every JNA library of the engine is loaded here, so JNA starts the cheap way (about 60 ms
 * less on a small VM, before the first libbpf call):
 * <ul>
 * <li>JNA unpacks its libjnidispatch.so from the jar into a temporary file at every start
 * (bpfx runs with {@code jna.nosys=true}, so it never takes a system copy). Here it is unpacked
 * once into the bpfx cache, in a folder named by the jar entry's CRC-32 and size, and JNA loads
 * it from there ({@code jna.boot.library.path}). A copy whose size or CRC differ is never used,
 * and JNA still checks the library's version against its own.</li>
 * <li>JNA's NativeLibrary runs {@code ldconfig -p} (a process) to learn the library folders
 * unless {@code jna.platform.library.path} names them: it gets the folders that exist of the
 * ones ldconfig lists on Debian-style and other Linux systems.</li>
 * </ul>
 * Both only when nobody set the property, and only before JNA's first use; anything
 * unusual (no cache, not from a jar) leaves JNA to its own ways.
 */
public final class Jna {
    private static boolean prepared;

    private Jna() {}

    /** {@link Native#load(String, Class)} after {@link #prepare()}. */
    public static <T extends Library> T load(String name, Class<T> type) {
        prepare();
        return Native.load(name, type);
    }

    /** A NUL-terminated UTF-8 copy of {@code s} in native memory, for a {@code const char *} inside a struct. */
    public static com.sun.jna.Memory cString(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.jna.Memory m = new com.sun.jna.Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /** Sets JNA's start-up properties once, before JNA's classes initialise. */
    public static synchronized void prepare() {
        if (prepared) return;
        prepared = true;
        if (!Platform.isLinux()) return;
        if (System.getProperty("jna.platform.library.path") == null) {
            String dirs = libraryDirs();
            if (!dirs.isEmpty()) System.setProperty("jna.platform.library.path", dirs);
        }
        if (System.getProperty("jna.boot.library.path") == null) {
            Path dir = unpackedDispatch();
            if (dir != null) System.setProperty("jna.boot.library.path", dir.toString());
        }
    }

    /** The folders ldconfig searches, the multiarch ones first. */
    private static String libraryDirs() {
        String arch = System.getProperty("os.arch");
        String multiarch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        List<String> dirs = new ArrayList<>();
        for (String d : new String[] {"/usr/local/lib", "/usr/lib/" + multiarch, "/lib/" + multiarch,
                "/usr/lib64", "/lib64", "/usr/lib", "/lib"}) {
            if (Files.isDirectory(Path.of(d))) dirs.add(d);
        }
        return String.join(java.io.File.pathSeparator, dirs);
    }

    /** Owned by this process's user and not writable by group or others (so nobody else could have planted it). */
    private static boolean ours(Path p) throws IOException {
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // /proc/self belongs to our euid
        if (!me.equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) return false;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static long crc(Path p) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(p));
        return crc.getValue();
    }

    /** The folder holding this JNA's libjnidispatch.so, unpacked once; null when that cannot be. */
    static Path unpackedDispatch() {
        return unpackedDispatch(io.bpfx.engine.build.BpfCompiler.defaultCacheDir());
    }

    static Path unpackedDispatch(Path cache) {
        String resource = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
        try {
            URL url = Native.class.getClassLoader().getResource(resource);
            if (url == null) return null;
            URLConnection conn = url.openConnection();
            if (!(conn instanceof JarURLConnection jar)) return null;
            conn.setUseCaches(true); // the jar is open already: its entry list is shared
            ZipEntry entry = jar.getJarEntry();
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) return null;
            Path dir = cache.resolve("jna")
                    .resolve(Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
            Path lib = dir.resolve(System.mapLibraryName("jnidispatch"));
            // a native library loaded into a root process: reuse only our own, unwritable by others, same bytes
            if (Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS) && ours(dir) && ours(lib)
                    && Files.size(lib) == entry.getSize() && crc(lib) == entry.getCrc()) {
                return dir;
            }
            Files.createDirectories(dir);
            if (!ours(dir)) return null;
            Path tmp = Files.createTempFile(dir, "jnidispatch", ".tmp");
            try {
                CRC32 crc = new CRC32();
                try (InputStream in = jar.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                if (crc.getValue() != entry.getCrc() || Files.size(tmp) != entry.getSize()) return null;
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            return null; // JNA unpacks it itself, as before
        }
    }
}
