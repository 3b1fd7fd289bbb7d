package io.bpfx.exporter.decode;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Little-endian reads and text conversions shared by decoders. */
final class Bytes {

    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat HEX_ARRAY = HexFormat.ofDelimiter(" ");

    private Bytes() {
    }

    /** Unsigned little-endian integer of 1, 2, 4 or 8 bytes at {@code off} (u64 as a raw long). */
    static long uintLE(byte[] in, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (in[off + i] & 0xff);
        }
        return v;
    }

    static String hex(byte[] in) {
        return HEX.formatHex(in);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] in) {
        return new String(in, StandardCharsets.UTF_8);
    }

    /**
     * Parses decimal text produced by an earlier {@code uint} step, as the
     * ebpf_exporter decoders that take numbers ({@code syscall}, {@code errno},
     * {@code cgroup}) do.
     */
    static long decimalInput(byte[] in, String decoder) throws DecodeException {
        String s = text(in);
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new DecodeException("decoder " + decoder + ": error parsing \"" + s
                    + "\" as uint (put a uint decoder before it)");
        }
    }

    /** The bytes as {@code [0a ff]}, for error messages. */
    static String fmtHexArray(byte[] in) {
        return "[" + HEX_ARRAY.formatHex(in) + "]";
    }
}
