package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The whole-map reads of one {@link BpfMap}, fastest first: a BPF map iterator (one
 * read(2) of the whole map; libbpf-made maps only), else BPF_MAP_LOOKUP_BATCH, else
 * get_next_key + lookup key by key. Remembers what this kernel and map type support.
 */
final class MapReads {
    private static final LibBpf LIB = LibBpf.INSTANCE;

    private final BpfMap map;
    private volatile Boolean batchWorks;
    private MapIterator iterator;
    private boolean iteratorTried;

    MapReads(BpfMap map) {
        this.map = map;
    }

    MapSnapshot snapshot() {
        return snapshot(new BpfMap.ReadBuffers());
    }

    /** Iterator, else batch, else key by key; into {@code buffers} (kept by the caller or fresh). */
    MapSnapshot snapshot(BpfMap.ReadBuffers buffers) {
        MapIterator it = iterator();
        if (it != null) {
            MapSnapshot s = it.read(map.isPerCpu() ? Cpus.possible() : 1, map.valueStride(), buffers);
            if (s != null) return s;
        }
        return batch(buffers);
    }

    private synchronized MapIterator iterator() {
        MapType type = map.type();
        if (!iteratorTried && map.object() != null && type != MapType.STACK_TRACE && type != MapType.LPM_TRIE) {
            iteratorTried = true;
            iterator = MapIterator.forMap(map, map.valueBufferSize());
            if (iterator != null) map.registerReader(iterator);
        }
        return iterator;
    }

    /** Batch lookups, else key by key once batch turned out not to work here. */
    MapSnapshot batch(BpfMap.ReadBuffers buffers) {
        Boolean batch = batchWorks;
        if (batch == null || batch) {
            MapSnapshot s = readBatch(buffers);
            if (s != null) {
                batchWorks = true;
                return s;
            }
            batchWorks = false;
        }
        return perKey();
    }

    MapSnapshot perKey() {
        int fd = map.fd();
        int keySize = map.keySize();
        int vbuf = map.valueBufferSize();
        int max = map.maxEntries();
        int cap = map.type().isArray() ? max : Math.max(16, Math.min(max, 1024));
        Memory keys = new Memory((long) cap * keySize);
        Memory values = new Memory((long) cap * vbuf);
        Memory cur = new Memory(keySize), next = new Memory(keySize);
        int count = 0;
        Pointer prev = null;
        while (LIB.bpf_map_get_next_key(fd, prev, next) == 0) {
            if (count == cap) {
                cap = Math.min(cap * 2, Math.max(max, cap + 1));
                keys = grow(keys, (long) cap * keySize, (long) count * keySize);
                values = grow(values, (long) cap * vbuf, (long) count * vbuf);
            }
            Pointer kslot = keys.share((long) count * keySize);
            kslot.write(0, next.getByteArray(0, keySize), 0, keySize);
            if (LIB.bpf_map_lookup_elem(fd, kslot, values.share((long) count * vbuf)) == 0) {
                count++;
            } // else: deleted between get_next_key and lookup; skip it
            cur.write(0, next.getByteArray(0, keySize), 0, keySize);
            prev = cur;
        }
        return snapshotOf(keys, values, count);
    }

    /** Keys in the map now, by get_next_key. */
    int countKeys() {
        int keySize = map.keySize();
        int n = 0;
        int fd = map.fd();
        Memory cur = new Memory(keySize), next = new Memory(keySize);
        Pointer prev = null;
        while (LIB.bpf_map_get_next_key(fd, prev, next) == 0) {
            n++;
            cur.write(0, next.getByteArray(0, keySize), 0, keySize);
            prev = cur;
        }
        return n;
    }

    private static Memory grow(Memory old, long size, long used) {
        Memory m = new Memory(size);
        if (used > 0) m.write(0, old.getByteArray(0, (int) used), 0, (int) used);
        return m;
    }

    /** Batch read, or null when this kernel/map type has no batch ops. */
    private MapSnapshot readBatch(BpfMap.ReadBuffers b) {
        int fd = map.fd();
        int keySize = map.keySize();
        int vbuf = map.valueBufferSize();
        int cap = map.maxEntries();
        b.keys = BpfMap.ReadBuffers.atLeast(b.keys, (long) cap * keySize);
        b.values = BpfMap.ReadBuffers.atLeast(b.values, (long) cap * vbuf);
        int tokenSize = Math.max(keySize, 8);
        b.in = BpfMap.ReadBuffers.atLeast(b.in, tokenSize);
        b.out = BpfMap.ReadBuffers.atLeast(b.out, tokenSize);
        Memory in = b.in, out = b.out;
        IntByReference n = b.count;
        int total = 0;
        boolean first = true;
        while (total < cap) {
            n.setValue(cap - total);
            int rc = LIB.bpf_map_lookup_batch(fd, first ? null : in, out,
                    b.keys.share((long) total * keySize), b.values.share((long) total * vbuf), n, null);
            int err = rc < 0 ? Errno.last() : 0;
            if (rc < 0 && err != Errno.ENOENT) {
                if (first && (err == Errno.EINVAL || err == Errno.ENOTSUPP || err == Errno.EOPNOTSUPP)) {
                    return null;
                }
                throw new BpfxException("reading map " + map.name() + " failed: " + Errno.describe(err));
            }
            total += n.getValue();
            if (rc < 0) break; // ENOENT: no more entries
            Memory t = in; in = out; out = t;
            first = false;
        }
        return snapshotOf(b.keys, b.values, total);
    }

    private MapSnapshot snapshotOf(Memory keys, Memory values, int count) {
        int cpus = map.isPerCpu() ? Cpus.possible() : 1;
        ByteBuffer k = count == 0 ? ByteBuffer.allocate(0) : keys.getByteBuffer(0, (long) count * map.keySize());
        ByteBuffer v = count == 0 ? ByteBuffer.allocate(0) : values.getByteBuffer(0, (long) count * map.valueBufferSize());
        return new MapSnapshot(map.name(), count, map.keySize(), map.valueSize(), map.valueStride(), cpus,
                k.order(ByteOrder.LITTLE_ENDIAN), v.order(ByteOrder.LITTLE_ENDIAN));
    }
}
