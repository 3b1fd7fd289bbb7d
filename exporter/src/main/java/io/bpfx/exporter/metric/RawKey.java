package io.bpfx.exporter.metric;

import java.util.Arrays;

/**
 * Raw map key bytes compared by content: what decoded labels are cached by.
 * Hashed with FNV-1a: {@link Arrays#hashCode(byte[])} collides heavily on
 * little-endian integer keys (100k sequential u32 keys share 16k hashes).
 */
final class RawKey implements Comparable<RawKey> {

    private final byte[] bytes;
    private final int hash;

    RawKey(byte[] bytes) {
        this.bytes = bytes;
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        this.hash = h;
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Lets colliding hash bins be searched as trees. */
    @Override
    public int compareTo(RawKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
