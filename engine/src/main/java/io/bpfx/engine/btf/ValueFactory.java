package io.bpfx.engine.btf;

import java.util.List;

/**
 * Builds the values {@link LayoutDecoder} produces, so one walker serves both
 * plain Java values ({@link JavaValues}) and the Lua side's values.
 */
public interface ValueFactory<T> {
    /** Signed integers, and unsigned ones below 2^63. */
    T ofLong(long v);

    /** An unsigned 64-bit integer (or pointer) with the top bit set; {@code v} holds its bits. */
    T ofUnsignedLong(long v);

    T ofDouble(double v);

    T ofBoolean(boolean v);

    /** A char array, up to its first NUL. */
    T ofString(String s);

    /** An enum value with the name of its enumerator, or null when no enumerator has this value. */
    T ofEnum(long value, String nameOrNull);

    T ofList(List<T> items);

    /**
     * A struct or union: {@code fieldValues.get(i)} is the value of
     * {@code layout.fields().get(i)} (anonymous members already flattened).
     */
    T ofStruct(Layout.StructLayout layout, List<T> fieldValues);

    /** Bytes of an {@link Layout.OpaqueLayout}, a fresh copy. */
    T ofBytes(byte[] raw);
}
