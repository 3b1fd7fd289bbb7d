package io.bpfx.dsl;

import java.nio.file.Path;

/**
 * A path a script declared ({@code add_files}, {@code add_includedirs}): the text as written,
 * for messages, and the path resolved against the script's directory, for use.
 */
public record DeclaredPath(String given, Path path, SourceLocation location) {

    static DeclaredPath resolve(Path scriptDir, String given, SourceLocation location) {
        return new DeclaredPath(given, scriptDir.resolve(given).normalize(), location);
    }
}
