package io.bpfx.exporter.http;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) of a whole body at level 1 with one {@link Deflater} kept for
 * the server's life: a {@code GZIPOutputStream} per scrape allocates a new
 * deflater (and its native state) every time and copies through its own buffer.
 */
final class Gzip {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private byte[] scratch = new byte[1 << 16];

    /** The gzip of {@code text[0, length)}; one at a time. */
    synchronized byte[] compress(byte[] text, int length) {
        deflater.reset();
        crc.reset();
        crc.update(text, 0, length);
        deflater.setInput(text, 0, length);
        deflater.finish();
        if (scratch.length < length / 4 + 64) {
            scratch = new byte[length / 4 + 64];
        }
        int n = HEADER.length;
        System.arraycopy(HEADER, 0, scratch, 0, n);
        while (!deflater.finished()) {
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            n += deflater.deflate(scratch, n, scratch.length - n);
        }
        byte[] out = Arrays.copyOf(scratch, n + 8);
        int c = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[n + i] = (byte) (c >>> (8 * i));
            out[n + 4 + i] = (byte) (length >>> (8 * i));
        }
        return out;
    }
}
