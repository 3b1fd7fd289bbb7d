package io.bpfx.exporter.spec;

/**
 * Where the number is inside a map value (or an event record): {@code size} bytes
 * (1, 2, 4 or 8, little-endian) at {@code offset}. ebpf_exporter only knows whole
 * u64 values, which is {@link #U64}.
 */
public record ValueSpec(int offset, int size, boolean signed) {

    /** The whole value is one u64: ebpf_exporter's only layout. */
    public static final ValueSpec U64 = new ValueSpec(0, 8, false);

    public ValueSpec {
        if (offset < 0) {
            throw new IllegalArgumentException("value offset " + offset + " is negative");
        }
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("value size " + size + " is not 1, 2, 4 or 8");
        }
    }
}
