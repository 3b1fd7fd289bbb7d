package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code ksym}: an 8-byte kernel address to the name of the function starting
 * there ({@code PT_REGS_IP(ctx) - 1} in a kprobe, {@code bpf_get_func_ip}), or
 * {@code unknown_addr:0x<hex>}. Exact match, as ebpf_exporter.
 */
public final class KsymDecoder implements Decoder {

    private final Kallsyms kallsyms;

    public KsymDecoder(Kallsyms kallsyms) {
        this.kallsyms = kallsyms;
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        if (in.length != 8) {
            throw new DecodeException("decoder ksym: address must be 8 bytes, got " + in.length);
        }
        long addr = Bytes.uintLE(in, 0, 8);
        String sym = kallsyms.exact(addr);
        return Bytes.ascii(sym != null ? sym : "unknown_addr:0x" + Long.toHexString(addr));
    }
}
