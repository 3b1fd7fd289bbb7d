package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

import java.util.StringJoiner;

/**
 * {@code kstack}: a kernel stack to newline-separated symbols, innermost first,
 * {@code ??} for frames kallsyms does not know.
 *
 * <p>Two inputs: ebpf_exporter's form, the frame addresses themselves as u64s
 * (from {@code bpf_get_stack}) ending at the first zero; and a stack id, 4 bytes,
 * or 8 bytes below 2^32 (kernel addresses never are), resolved through a
 * {@link StackSource}.
 */
public final class KstackDecoder implements Decoder {

    private final Kallsyms kallsyms;
    private final StackSource stacks;

    /** @param stacks where stack ids are resolved; null when only address arrays are decoded */
    public KstackDecoder(Kallsyms kallsyms, StackSource stacks) {
        this.kallsyms = kallsyms;
        this.stacks = stacks;
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        long[] addrs;
        if (in.length == 4 || (in.length == 8 && stacks != null && (Bytes.uintLE(in, 0, 8) >>> 32) == 0)) {
            addrs = framesOf(Bytes.uintLE(in, 0, in.length), in.length);
        } else if (in.length % 8 == 0) {
            addrs = new long[in.length / 8];
            for (int i = 0; i < addrs.length; i++) {
                addrs[i] = Bytes.uintLE(in, 8 * i, 8);
            }
        } else {
            throw new DecodeException("decoder kstack: " + in.length
                    + " bytes is neither a stack id (4 or 8 bytes) nor an array of u64 addresses");
        }

        int n = 0;
        while (n < addrs.length && addrs[n] != 0) {
            n++;
        }
        long[] frames = java.util.Arrays.copyOf(addrs, n);
        StringJoiner out = new StringJoiner("\n");
        for (String sym : kallsyms.frames(frames)) {
            out.add(sym == null ? "??" : sym);
        }
        return Bytes.ascii(out.toString());
    }

    private long[] framesOf(long rawId, int width) throws DecodeException {
        // bpf_get_stackid returns a negative errno on failure, stored as s32
        long id = width == 4 ? (int) rawId : rawId;
        if (id < 0) {
            throw new DecodeException("decoder kstack: stack id " + id + " is an error from bpf_get_stackid");
        }
        if (stacks == null) {
            throw new DecodeException("decoder kstack: stack id " + id + " but no stack map to look it up");
        }
        long[] frames = stacks.frames(id);
        if (frames == null) {
            throw new DecodeException("decoder kstack: stack id " + id + " is not in the stack map");
        }
        return frames;
    }
}
