package io.bpfx.engine.elf;

/**
 * A symbol name as a user writes it: {@code malloc}, or pinned to a version with
 * {@code memcpy@GLIBC_2.2.5} / {@code memcpy@@GLIBC_2.14} (either spelling matches
 * the version, hidden or default).
 */
record SymbolName(String name, String version) {

    static SymbolName parse(String written) {
        int at = written.indexOf('@');
        if (at < 0) return new SymbolName(written, null);
        String version = written.substring(at + (written.startsWith("@@", at) ? 2 : 1));
        return new SymbolName(written.substring(0, at), version.isEmpty() ? null : version);
    }

    boolean matches(ElfSymbol sym) {
        return sym.name().equals(name) && (version == null || version.equals(sym.version()));
    }
}
