package io.bpfx.engine;

import java.nio.ByteBuffer;

/**
 * Every entry of a BPF map read at one moment, as the kernel laid it out:
 * {@code count} keys of {@code keySize} bytes back to back in {@code keys},
 * and their values back to back in {@code values}. For per-CPU maps each
 * value is {@code cpus} slots of {@code valueStride} bytes (the value size
 * rounded up to 8, as the kernel copies them); otherwise {@code cpus == 1}
 * and {@code valueStride == valueSize}.
 *
 * Both buffers are little-endian and positioned at 0; readers use absolute
 * gets so one snapshot can be read by several consumers.
 */
public record MapSnapshot(String mapName, int count, int keySize, int valueSize, int valueStride, int cpus,
                          ByteBuffer keys, ByteBuffer values) {

    /** Offset of entry {@code i}'s key in {@link #keys()}. */
    public int keyOffset(int i) {
        return i * keySize;
    }

    /** Offset of entry {@code i}'s value on {@code cpu} in {@link #values()}. */
    public int valueOffset(int i, int cpu) {
        return (i * cpus + cpu) * valueStride;
    }

    /** Bytes that one entry's values take (all CPUs). */
    public int entryValueBytes() {
        return cpus * valueStride;
    }
}
