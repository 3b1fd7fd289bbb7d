package io.bpfx.exporter;

import io.bpfx.engine.MapSnapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link MapSnapshot}s by hand, laid out as the engine lays out a kernel map read. */
public final class Snapshots {

    private final String name;
    private final int keySize;
    private final int valueSize;
    private final int cpus;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[][]> values = new ArrayList<>();

    private Snapshots(String name, int keySize, int valueSize, int cpus) {
        this.name = name;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.cpus = cpus;
    }

    /** A regular map. */
    public static Snapshots map(String name, int keySize, int valueSize) {
        return new Snapshots(name, keySize, valueSize, 1);
    }

    /** A per-CPU map read on {@code cpus} CPUs. */
    public static Snapshots perCpu(String name, int keySize, int valueSize, int cpus) {
        return new Snapshots(name, keySize, valueSize, cpus);
    }

    /** An entry with one value per CPU. */
    public Snapshots entry(byte[] key, byte[]... perCpuValues) {
        if (key.length != keySize) {
            throw new IllegalArgumentException("key is " + key.length + " bytes, map has " + keySize);
        }
        if (perCpuValues.length != cpus) {
            throw new IllegalArgumentException(perCpuValues.length + " values for " + cpus + " cpus");
        }
        keys.add(key);
        values.add(perCpuValues);
        return this;
    }

    /** An entry whose values (one per CPU) are u64s. */
    public Snapshots entry(byte[] key, long... perCpuU64) {
        byte[][] vals = new byte[perCpuU64.length][];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = u64(perCpuU64[i]);
        }
        return entry(key, vals);
    }

    public MapSnapshot build() {
        int stride = cpus == 1 ? valueSize : (valueSize + 7) & ~7;
        ByteBuffer k = ByteBuffer.allocate(keys.size() * keySize).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer v = ByteBuffer.allocate(keys.size() * cpus * stride).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < keys.size(); i++) {
            k.put(i * keySize, keys.get(i));
            for (int cpu = 0; cpu < cpus; cpu++) {
                byte[] val = values.get(i)[cpu];
                if (val.length != valueSize) {
                    throw new IllegalArgumentException("value is " + val.length + " bytes, map has " + valueSize);
                }
                v.put((i * cpus + cpu) * stride, val);
            }
        }
        return new MapSnapshot(name, keys.size(), keySize, valueSize, stride, cpus, k, v);
    }

    // --- little-endian field builders ---

    public static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    public static byte[] u16(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    public static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    /** A NUL-padded C string of {@code size} bytes. */
    public static byte[] cstr(String s, int size) {
        byte[] out = new byte[size];
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, 0, Math.min(b.length, size));
        return out;
    }

    public static byte[] zeros(int n) {
        return new byte[n];
    }

    /** Fields concatenated into one key or record. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
