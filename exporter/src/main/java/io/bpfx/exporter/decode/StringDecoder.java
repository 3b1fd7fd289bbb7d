package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.util.Arrays;

/** {@code string}: a possibly NUL-terminated C string; everything from the first NUL on is dropped. */
public final class StringDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == 0) {
                return Arrays.copyOf(in, i);
            }
        }
        return in;
    }
}
