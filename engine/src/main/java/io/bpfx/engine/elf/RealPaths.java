package io.bpfx.engine.elf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Memoized {@link Path#toRealPath}: the loader's libraries are mostly symlinks
 * (soname → versioned file) and each resolution costs a system call per path
 * component, so a resolver asks once per path.
 */
final class RealPaths {
    private final Map<Path, Optional<Path>> known = new HashMap<>();

    /** The canonical file behind {@code path}, or null if it does not exist. */
    synchronized Path of(Path path) {
        if (path == null) return null;
        return known.computeIfAbsent(path, p -> {
            try {
                return Optional.of(p.toRealPath());
            } catch (IOException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
