package io.bpfx.exporter.decode;

import io.bpfx.exporter.spec.DecoderSpec;

/**
 * {@code syscall}: decimal text (from a preceding {@code uint}) holding an x86_64
 * syscall number, to its name ({@code read}, {@code openat}) or
 * {@code unknown_syscall:<n>}.
 */
public final class SyscallDecoder implements Decoder {

    private final NumberNames table;

    public SyscallDecoder(NumberNames table) {
        this.table = table;
    }

    public SyscallDecoder() {
        this(NumberNames.resource("syscalls-x86_64.txt"));
    }

    @Override
    public byte[] decode(byte[] in, DecoderSpec conf) throws DecodeException {
        long nr = Bytes.decimalInput(in, "syscall");
        String name = table.name(nr);
        return Bytes.ascii(name != null ? name : "unknown_syscall:" + Long.toUnsignedString(nr));
    }
}
