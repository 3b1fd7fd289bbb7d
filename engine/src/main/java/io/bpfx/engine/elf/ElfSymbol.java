package io.bpfx.engine.elf;

/**
 * A defined function or data symbol of an ELF file.
 *
 * @param name         symbol name without any {@code @VERSION} suffix
 * @param version      symbol version (e.g. {@code GLIBC_2.2.5}), or null when unversioned
 * @param value        st_value: the symbol's virtual address in the file's own address space
 * @param size         st_size in bytes (0 when unknown)
 * @param type         STT_* ({@link #FUNC}, {@link #OBJECT}, {@link #IFUNC}, ...)
 * @param binding      STB_* ({@link #GLOBAL}, {@link #WEAK}, {@link #LOCAL})
 * @param sectionIndex st_shndx
 * @param hidden       true for a non-default version ({@code name@VER}, kept only for old
 *                     binaries); false for the default ({@code name@@VER}) or unversioned symbol
 */
public record ElfSymbol(String name, String version, long value, long size, int type, int binding,
                        int sectionIndex, boolean hidden) {

    public static final int OBJECT = 1;
    public static final int FUNC = 2;
    public static final int IFUNC = 10;

    public static final int LOCAL = 0;
    public static final int GLOBAL = 1;
    public static final int WEAK = 2;

    public ElfSymbol(String name, String version, long value, long size, int type, int binding, int sectionIndex) {
        this(name, version, value, size, type, binding, sectionIndex, false);
    }

    public boolean isFunction() {
        return type == FUNC || type == IFUNC;
    }

    /** {@code name@@VER} for a default version, {@code name@VER} for a hidden one, else {@code name}. */
    public String qualifiedName() {
        if (version == null) return name;
        return name + (hidden ? "@" : "@@") + version;
    }
}
