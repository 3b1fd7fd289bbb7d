package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.nio.charset.StandardCharsets;

/** Runs one decoder step and reads the output as text. */
final class DecoderTesting {

    private DecoderTesting() {
    }

    static String run(Decoder d, byte[] in) throws DecodeException, SkipSeries {
        return run(d, in, DecoderSpec.of("test"));
    }

    static String run(Decoder d, byte[] in, DecoderSpec conf) throws DecodeException, SkipSeries {
        return new String(d.decode(in, conf), StandardCharsets.UTF_8);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
