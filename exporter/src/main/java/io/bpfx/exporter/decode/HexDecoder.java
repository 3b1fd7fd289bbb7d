package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/** {@code hex}: raw bytes as lowercase hex, in memory order. */
public final class HexDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) {
        return Bytes.ascii(Bytes.hex(in));
    }
}
