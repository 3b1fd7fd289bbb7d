package io.bpfx.engine.elf;

import java.nio.file.Path;

/**
 * Where a uprobe goes: what libbpf's bpf_program__attach_uprobe_opts takes as
 * binary_path and func_offset.
 *
 * @param symbol   the symbol the place named, null for a raw address place
 * @param describe human-readable, e.g. {@code /lib/x86_64-linux-gnu/libc.so.6:malloc (offset 0x9d4a0)}
 * @param searched true when the place was a bare symbol found by searching libc or the
 *                 loader's libraries (the caller tells the user where it was found)
 */
public record UprobeLocation(Path binary, String symbol, long fileOffset, String describe, boolean searched) {

    public UprobeLocation(Path binary, String symbol, long fileOffset, String describe) {
        this(binary, symbol, fileOffset, describe, false);
    }
}
