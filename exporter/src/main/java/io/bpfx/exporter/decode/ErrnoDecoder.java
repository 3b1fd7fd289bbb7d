package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code errno}: decimal text (from a preceding {@code uint}) holding a positive
 * errno, to its name ({@code ENOENT}) or {@code unknown:<n>}.
 */
public final class ErrnoDecoder implements Decoder {

    private final NumberNames table;

    public ErrnoDecoder(NumberNames table) {
        this.table = table;
    }

    public ErrnoDecoder() {
        this(NumberNames.resource("errno.txt"));
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        long errno = Bytes.decimalInput(in, "errno");
        String name = table.name(errno);
        return Bytes.ascii(name != null ? name : "unknown:" + Long.toUnsignedString(errno));
    }
}
