package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code int}: a 1, 2, 4 or 8-byte little-endian signed integer, as decimal text.
 * Not in ebpf_exporter; used by default for fields BTF says are signed.
 */
public final class IntDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        int n = in.length;
        if (n != 1 && n != 2 && n != 4 && n != 8) {
            throw new DecodeException("decoder int: unknown value length " + n + " for " + Bytes.fmtHexArray(in));
        }
        long raw = Bytes.uintLE(in, 0, n);
        int shift = 64 - 8 * n;
        return Bytes.ascii(Long.toString((raw << shift) >> shift));
    }
}
