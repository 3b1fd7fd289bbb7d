package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.util.Arrays;

/**
 * {@code dname}: a DNS name in wire format ({@code \x07example\x03com}) to dotted
 * form ({@code example.com}). Empty input is the root, {@code .}. Input whose
 * length bytes run past its end is returned unchanged, as ebpf_exporter does.
 * Usually placed after {@code string}, which drops the terminating zero.
 */
public final class DnameDecoder implements Decoder {
    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) {
        if (in.length == 0) {
            return Bytes.ascii(".");
        }
        byte[] out = new byte[in.length];
        int off = 0;
        while (off < in.length) {
            int n = in[off] & 0xff;
            out[off] = '.';
            off++;
            if (off + n > in.length) {
                return in;
            }
            System.arraycopy(in, off, out, off, n);
            off += n;
        }
        // drop the leading "." the first length byte became
        return Arrays.copyOfRange(out, 1, out.length);
    }
}
