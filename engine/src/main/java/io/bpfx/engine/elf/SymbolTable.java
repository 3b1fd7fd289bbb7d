package io.bpfx.engine.elf;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one ELF symbol table and its companions live in the file, however they
 * were found (section headers, or the dynamic segment as the loader finds them).
 *
 * @param offset        file offset of entry 0
 * @param count         number of entries (Long.MAX_VALUE when only a hash chain bounds it)
 * @param stringsOffset file offset of the string table
 * @param stringsEnd    file offset just past the string table
 * @param versymOffset  file offset of the matching .gnu.version array, -1 if none
 * @param versionNames  version index → name, from the file's version definitions (read on first use)
 * @param dynamic       whether this is the dynamic symbol table (.dynsym)
 */
record SymbolTable(long offset, long count, long stringsOffset, long stringsEnd, long versymOffset,
                   Supplier<Map<Integer, String>> versionNames, boolean dynamic) {
}
