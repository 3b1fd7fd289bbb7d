package io.bpfx.exporter.spec;

import java.util.List;

/**
 * One label taken from {@code size} bytes at {@code offset} of the map key (or
 * event record), turned into a label value by a chain of decoders.
 *
 * <p>ebpf_exporter labels have {@code size} and {@code padding} and follow each
 * other; offsets are the running sum of both, which is how the v2 config reader
 * fills them. When {@code decoders} is empty, {@link #effectiveDecoders()} picks
 * defaults from the BTF hint and the size.
 *
 * @param hint what BTF says about the field, or null when nobody filled it
 */
public record LabelSpec(String name, int offset, int size, List<DecoderSpec> decoders, BtfHint hint) {

    public LabelSpec {
        MetricNames.requireLabelName(name);
        if (offset < 0) {
            throw new IllegalArgumentException("label " + name + ": offset " + offset + " is negative");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("label " + name + ": size is zero or not set");
        }
        decoders = decoders == null ? List.of() : List.copyOf(decoders);
    }

    public LabelSpec(String name, int offset, int size, List<DecoderSpec> decoders) {
        this(name, offset, size, decoders, null);
    }

    /** Same label with a BTF hint, as an adapter with the map's BTF would fill it. */
    public LabelSpec withHint(BtfHint newHint) {
        return new LabelSpec(name, offset, size, decoders, newHint);
    }

    /** First byte after this label. */
    public int end() {
        return offset + size;
    }

    /**
     * The decoders to run: the configured ones, or when there are none, {@code string}
     * for char arrays, {@code int}/{@code uint} for 1/2/4/8-byte integers and
     * {@code hex} for anything else.
     */
    public List<DecoderSpec> effectiveDecoders() {
        if (!decoders.isEmpty()) {
            return decoders;
        }
        if (hint != null && hint.charArray()) {
            return List.of(DecoderSpec.of("string"));
        }
        if (size == 1 || size == 2 || size == 4 || size == 8) {
            return List.of(DecoderSpec.of(hint != null && hint.signed() ? "int" : "uint"));
        }
        return List.of(DecoderSpec.of("hex"));
    }
}
