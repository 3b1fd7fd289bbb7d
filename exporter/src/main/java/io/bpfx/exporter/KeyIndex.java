package io.bpfx.exporter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Raw map keys seen by one metric, each with the series it decoded to: an
 * open-addressing hash table over an arena of key bytes, probed straight from a
 * snapshot's key buffer, so a scrape of keys seen before allocates nothing and
 * decodes nothing. Each slot remembers the last scrape that saw it, which lets
 * {@link #retainSeenIn(int, int[])} drop keys that left the map.
 *
 * <p>Not thread-safe: one scrape at a time uses it.
 */
final class KeyIndex {
    /** Series id of a key its decoders filtered out (regexp): skipped without decoding again. */
    static final int SKIPPED = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int keySize;
    private byte[] keys;
    private int[] series;
    private int[] seen;
    private int[] hashes;
    /** slot + 1, or 0 for empty; length a power of two, at most half full. */
    private int[] table;
    private int size;

    KeyIndex(int keySize, int expected) {
        this.keySize = keySize;
        int cap = Math.max(16, expected);
        keys = new byte[cap * keySize];
        series = new int[cap];
        seen = new int[cap];
        hashes = new int[cap];
        table = new int[tableSizeFor(cap)];
    }

    private static int tableSizeFor(int entries) {
        int n = Integer.highestOneBit(Math.max(16, entries * 2 - 1)) << 1;
        return n < 0 ? 1 << 30 : n;
    }

    int keySize() {
        return keySize;
    }

    int size() {
        return size;
    }

    /** A well mixed hash of {@code keySize} bytes at {@code off} (the buffer must be little-endian). */
    int hash(ByteBuffer buf, int off) {
        long h = 0x9E3779B97F4A7C15L ^ keySize;
        int i = 0;
        for (; i + 8 <= keySize; i += 8) {
            h = (h ^ buf.getLong(off + i)) * 0xff51afd7ed558ccdL;
            h ^= h >>> 32;
        }
        if (i < keySize) {
            long tail = 0;
            for (int s = 0; i < keySize; i++, s += 8) {
                tail |= (buf.get(off + i) & 0xffL) << s;
            }
            h = (h ^ tail) * 0xc4ceb9fe1a85ec53L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The slot of this key, or -1. */
    int find(ByteBuffer buf, int off, int hash) {
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int t = table[i];
            if (t == 0) {
                return -1;
            }
            int slot = t - 1;
            if (hashes[slot] == hash && equal(slot, buf, off)) {
                return slot;
            }
        }
    }

    /**
     * Whether slot {@code slot} holds this key: a map read twice lists its keys in
     * nearly the same order, so the slot after the previous entry's is checked
     * first, which walks the index in memory order instead of hashing.
     */
    boolean holds(int slot, ByteBuffer buf, int off) {
        return slot >= 0 && slot < size && equal(slot, buf, off);
    }

    private boolean equal(int slot, ByteBuffer buf, int off) {
        int base = slot * keySize;
        int i = 0;
        for (; i + 8 <= keySize; i += 8) {
            if ((long) LONGS.get(keys, base + i) != buf.getLong(off + i)) {
                return false;
            }
        }
        for (; i < keySize; i++) {
            if (keys[base + i] != buf.get(off + i)) {
                return false;
            }
        }
        return true;
    }

    /** Adds a key not in the index; returns its slot. */
    int insert(ByteBuffer buf, int off, int hash, int seriesId, int scrape) {
        if (size == series.length) {
            grow();
        }
        int slot = size++;
        buf.get(off, keys, slot * keySize, keySize);
        series[slot] = seriesId;
        seen[slot] = scrape;
        hashes[slot] = hash;
        place(slot);
        return slot;
    }

    private void place(int slot) {
        int mask = table.length - 1;
        int i = hashes[slot] & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    private void grow() {
        int cap = series.length * 2;
        keys = Arrays.copyOf(keys, cap * keySize);
        series = Arrays.copyOf(series, cap);
        seen = Arrays.copyOf(seen, cap);
        hashes = Arrays.copyOf(hashes, cap);
        if (table.length < cap * 2) {
            table = new int[tableSizeFor(cap)];
            for (int s = 0; s < size; s++) {
                place(s);
            }
        }
    }

    int series(int slot) {
        return series[slot];
    }

    void markSeen(int slot, int scrape) {
        seen[slot] = scrape;
    }

    /**
     * Keeps only the keys seen in {@code scrape}, their series renumbered through
     * {@code renumber} (old id → new id; skipped keys stay skipped).
     */
    void retainSeenIn(int scrape, int[] renumber) {
        int kept = 0;
        for (int s = 0; s < size; s++) {
            if (seen[s] != scrape) {
                continue;
            }
            if (kept != s) {
                System.arraycopy(keys, s * keySize, keys, kept * keySize, keySize);
                hashes[kept] = hashes[s];
                seen[kept] = seen[s];
            }
            series[kept] = series[s] == SKIPPED ? SKIPPED : renumber[series[s]];
            kept++;
        }
        size = kept;
        int cap = Math.max(16, kept * 2);
        keys = Arrays.copyOf(keys, cap * keySize);
        series = Arrays.copyOf(series, cap);
        seen = Arrays.copyOf(seen, cap);
        hashes = Arrays.copyOf(hashes, cap);
        table = new int[tableSizeFor(cap)];
        for (int s = 0; s < size; s++) {
            place(s);
        }
    }
}
