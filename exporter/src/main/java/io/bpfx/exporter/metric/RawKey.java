package io.bpfx.exporter.metric;

import java.util.Arrays;

/** Raw map key bytes compared by content: what decoded labels are cached by. */
final class RawKey {

    private final byte[] bytes;
    private final int hash;

    RawKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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
}
