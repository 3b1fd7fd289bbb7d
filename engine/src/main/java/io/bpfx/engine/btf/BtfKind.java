package io.bpfx.engine.btf;

/**
 * The kind of a BTF type. Declared in the order of the kernel's BTF_KIND_*
 * numbers, so {@code ordinal()} is the number stored in a type's info word.
 */
public enum BtfKind {
    VOID, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT,
    FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64;

    private static final BtfKind[] BY_NUMBER = values();

    /** The kind stored as {@code number} in a type's info word, or null if BTF has no such kind. */
    static BtfKind ofNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
