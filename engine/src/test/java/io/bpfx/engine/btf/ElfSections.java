package io.bpfx.engine.btf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test-only: pulls one section out of a little-endian ELF64 file (enough for clang's BPF objects). */
final class ElfSections {
    private ElfSections() {}

    static byte[] section(Path elf, String name) throws IOException {
        byte[] raw = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x464c457f || raw[4] != 2 || raw[5] != 1) {
            throw new IOException(elf + " is not a little-endian ELF64 file");
        }
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        int names = (int) b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            int nameOff = names + b.getInt(sh);
            int end = nameOff;
            while (raw[end] != 0) end++;
            if (new String(raw, nameOff, end - nameOff, StandardCharsets.US_ASCII).equals(name)) {
                int offset = (int) b.getLong(sh + 0x18);
                int size = (int) b.getLong(sh + 0x20);
                return Arrays.copyOfRange(raw, offset, offset + size);
            }
        }
        throw new IOException(elf + " has no section " + name);
    }
}
