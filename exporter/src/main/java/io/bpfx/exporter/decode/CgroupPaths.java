package io.bpfx.exporter.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * cgroup v2 id to path. On cgroup2 an id ({@code bpf_get_current_cgroup_id()})
 * is the inode number of the cgroup's directory, so the index is built by walking
 * the hierarchy. A miss re-walks it (a new cgroup appeared), at most once per
 * {@code minRefresh}; ids still unknown afterwards stay unknown until the next
 * allowed walk.
 */
public final class CgroupPaths {

    private final Path root;
    private final long minRefreshNanos;
    private final LongSupplier clock;
    private final Map<Long, String> paths = new ConcurrentHashMap<>();
    private long walkedAt;
    private boolean walked;

    public CgroupPaths(Path root, Duration minRefresh, LongSupplier nanoClock) {
        this.root = root;
        this.minRefreshNanos = minRefresh.toNanos();
        this.clock = nanoClock;
    }

    public CgroupPaths(Path root, Duration minRefresh) {
        this(root, minRefresh, System::nanoTime);
    }

    /** The unified hierarchy at {@code /sys/fs/cgroup}, re-walked at most once a second. */
    public static CgroupPaths system() {
        return new CgroupPaths(Path.of("/sys/fs/cgroup"), Duration.ofSeconds(1));
    }

    /** Full path of the cgroup with this id (as ebpf_exporter: including the mount point), or null. */
    public String resolve(long id) throws DecodeException {
        String path = paths.get(id);
        if (path == null && walkIfAllowed()) {
            path = paths.get(id);
        }
        return path;
    }

    private synchronized boolean walkIfAllowed() throws DecodeException {
        long now = clock.getAsLong();
        if (walked && now - walkedAt < minRefreshNanos) {
            return false;
        }
        Map<Long, String> found = walk();
        paths.putAll(found);
        walked = true;
        walkedAt = now;
        return true;
    }

    private Map<Long, String> walk() throws DecodeException {
        Map<Long, String> found = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    try {
                        Object ino = Files.getAttribute(dir, "unix:ino");
                        found.put(((Number) ino).longValue(), dir.toString());
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.SKIP_SUBTREE; // removed while walking
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    // things disappear from under us, or are not readable: skip them
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new DecodeException("decoder cgroup: cannot walk " + root + ": " + e.getMessage());
        }
        return found;
    }
}
