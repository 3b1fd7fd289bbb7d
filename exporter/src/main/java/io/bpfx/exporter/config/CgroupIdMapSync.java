package io.bpfx.exporter.config;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A v2 config's {@code cgroup_id_map}: the ids of the cgroups whose path matches one of
 * the regexps are kept in the program's map (value 1), so the program can test the
 * current cgroup. ebpf_exporter follows cgroup changes with fanotify; bpfx walks the
 * cgroup v2 hierarchy once at start and then every {@code interval}, adding new matches
 * and deleting ids that are gone. {@code cgrp_storage} maps take a cgroup fd as key
 * and forget removed cgroups themselves.
 */
public final class CgroupIdMapSync implements AutoCloseable {
    private final BpfMap map;
    private final boolean storage;
    private final List<Pattern> regexps;
    private final Path root;
    private final Set<Long> present = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    private CgroupIdMapSync(BpfMap map, V2Config.CgroupIdMap cfg, Path root, Duration interval) {
        this.map = map;
        this.storage = cfg.type().equals("cgrp_storage");
        this.regexps = cfg.regexps().stream().map(Pattern::compile).toList();
        this.root = root;
        this.thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval.toMillis());
                    sync();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a cgroup vanished mid-update; the next walk catches up
                }
            }
        }, "bpfx-cgroup-id-map-" + map.name());
        thread.setDaemon(true);
    }

    /**
     * Checks the map (8-byte keys for {@code hash}, 4 for {@code cgrp_storage}; 8-byte values
     * as ebpf_exporter does), fills it once and keeps it in sync.
     */
    public static CgroupIdMapSync start(BpfMap map, V2Config.CgroupIdMap cfg, String where, Duration interval) {
        int keySize = cfg.type().equals("cgrp_storage") ? 4 : 8;
        if (map.keySize() != keySize || map.valueSize() != 8) {
            throw new BpfxException.BadInput(where + ": cgroup_id_map: map " + map.name() + " must have " + keySize
                    + "-byte keys and 8-byte values for type " + cfg.type() + " (it has " + map.keySize() + " and "
                    + map.valueSize() + ")");
        }
        Path root = unifiedRoot().orElseThrow(() -> new BpfxException.Unsupported(where + ": cgroup_id_map: no cgroup v2 "
                + "hierarchy is mounted (mount -t cgroup2 none /sys/fs/cgroup/unified)"));
        CgroupIdMapSync s = new CgroupIdMapSync(map, cfg, root, interval);
        s.sync();
        s.thread.start();
        return s;
    }

    /** Where cgroup2 is mounted (the first such line of /proc/self/mounts). */
    static Optional<Path> unifiedRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) return Optional.of(Path.of(f[1].replace("\\040", " ")));
            }
        } catch (IOException e) {
            // no /proc: no cgroups either
        }
        return Optional.empty();
    }

    /** One pass: add matching cgroups, delete the ones that are gone. */
    synchronized void sync() {
        Map<Long, Path> now = walk();
        byte[] one = le(1, 8);
        for (Map.Entry<Long, Path> e : now.entrySet()) {
            if (present.contains(e.getKey()) || !matches(e.getValue().toString())) continue;
            if (storage) {
                int fd = io.bpfx.engine.libbpf.LibC.INSTANCE.open(e.getValue().toString(), 0 /* O_RDONLY */);
                if (fd < 0) continue;
                try {
                    map.updateRaw(le(fd, 4), one);
                } finally {
                    io.bpfx.engine.libbpf.LibC.INSTANCE.close(fd);
                }
            } else {
                map.updateRaw(le(e.getKey(), 8), one);
            }
            present.add(e.getKey());
        }
        for (Long gone : new HashSet<>(present)) {
            if (now.containsKey(gone)) continue;
            if (!storage) map.deleteRaw(le(gone, 8)); // cgrp_storage entries die with their cgroup
            present.remove(gone);
        }
    }

    private boolean matches(String path) {
        for (Pattern p : regexps) {
            if (p.matcher(path).find()) return true;
        }
        return false;
    }

    /** cgroup id (the directory's inode on cgroup2) to path. */
    private Map<Long, Path> walk() {
        Map<Long, Path> found = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    try {
                        found.put(((Number) Files.getAttribute(dir, "unix:ino")).longValue(), dir);
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // keep what was found
        }
        return found;
    }

    private static byte[] le(long v, int size) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
        byte[] out = new byte[size];
        b.get(0, out);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
