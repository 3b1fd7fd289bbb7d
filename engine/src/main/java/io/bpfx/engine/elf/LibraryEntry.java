package io.bpfx.engine.elf;

import java.nio.file.Path;

/**
 * A library the dynamic loader can find by name.
 *
 * @param soname the name the loader looks up (for directory scans: the file name)
 * @param path   where it lives, as the loader would open it (symlinks not resolved)
 * @param x86_64 true for 64-bit x86 libraries, the only ones a uprobe here can use
 */
public record LibraryEntry(String soname, Path path, boolean x86_64) {
}
