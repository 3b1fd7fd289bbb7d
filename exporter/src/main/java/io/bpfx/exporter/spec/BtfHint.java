package io.bpfx.exporter.spec;

/**
 * What BTF says about the key field a label reads, filled by an adapter that has
 * the map's BTF. Only used to pick default decoders when a label names none.
 *
 * @param field     name of the struct member (or null when the key is not a struct)
 * @param charArray the field is a {@code char[]}: decode as a NUL-terminated string
 * @param signed    the field is a signed integer
 */
public record BtfHint(String field, boolean charArray, boolean signed) {
}
