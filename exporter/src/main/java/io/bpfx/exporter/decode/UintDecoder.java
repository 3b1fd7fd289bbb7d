package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/** {@code uint}: a 1, 2, 4 or 8-byte little-endian unsigned integer, as decimal text. */
public final class UintDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        int n = in.length;
        if (n != 1 && n != 2 && n != 4 && n != 8) {
            throw new DecodeException("decoder uint: unknown value length " + n + " for " + Bytes.fmtHexArray(in));
        }
        return Bytes.ascii(Long.toUnsignedString(Bytes.uintLE(in, 0, n)));
    }
}
