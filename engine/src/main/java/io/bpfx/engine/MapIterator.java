package io.bpfx.engine;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a whole map through a BPF iterator ({@code iter/bpf_map_elem}, shipped in
 * the jar as bpfx_map_iter.bpf.o): the kernel walks the map and the program writes
 * key and value of each entry into a seq_file that we read() in large chunks. On
 * hash maps this beats BPF_MAP_LOOKUP_BATCH several times over, because batch copies
 * to user space bucket by bucket. One iterator program per map, loaded on first use
 * and closed with the map's object.
 */
final class MapIterator implements AutoCloseable {
    private static final String RESOURCE = "/io/bpfx/bpf/bpfx_map_iter.bpf.o";
    private static final int CHUNK = 1 << 20;
    /** Set once iterators failed to load or attach here: batch lookups from then on. */
    private static volatile boolean unavailable = System.getenv("BPFX_NO_MAP_ITER") != null;

    private final BpfMap map;
    private final BpfObject program;
    private final int keySize, valueBytes;

    private MapIterator(BpfMap map, BpfObject program, int keySize, int valueBytes) {
        this.map = map;
        this.program = program;
        this.keySize = keySize;
        this.valueBytes = valueBytes;
    }

    /** An iterator for {@code map}, or null when this kernel cannot give one. */
    static MapIterator forMap(BpfMap map, int valueBytes) {
        if (unavailable) return null;
        byte[] elf;
        try (InputStream in = MapIterator.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                unavailable = true;
                return null;
            }
            elf = in.readAllBytes();
        } catch (IOException e) {
            unavailable = true;
            return null;
        }
        BpfObject obj = null;
        try {
            obj = BpfObject.open(elf, "bpfx_map_iter");
            obj.setGlobal("key_size", (long) map.keySize());
            obj.setGlobal("value_size", (long) valueBytes);
            obj.load();
            return new MapIterator(map, obj, map.keySize(), valueBytes);
        } catch (BpfxException e) {
            // e.g. no BPF iterators (kernels before 5.9) or tracing programs refused
            if (obj != null) obj.close();
            unavailable = true;
            return null;
        }
    }

    /** Every entry; null when the iterator could not be attached (the caller falls back). */
    MapSnapshot read(int cpus, int valueStride, BpfMap.ReadBuffers buffers) {
        Memory linkInfo = new Memory(16); // union bpf_iter_link_info: { __u32 map_fd; } for maps
        linkInfo.clear();
        linkInfo.setInt(0, map.fd());
        Memory opts = new Memory(24);     // struct bpf_iter_attach_opts { size_t sz; void *link_info; __u32 len; }
        opts.clear();
        opts.setLong(0, 24);
        opts.setPointer(8, linkInfo);
        opts.setInt(16, 16);
        Pointer link = LibBpf.INSTANCE.bpf_program__attach_iter(program.programs().get(0).handle(), opts);
        if (link == null) {
            unavailable = true;
            return null;
        }
        int fd = -1;
        try {
            fd = LibBpf.INSTANCE.bpf_iter_create(LibBpf.INSTANCE.bpf_link__fd(link));
            if (fd < 0) {
                unavailable = true;
                return null;
            }
            int record = keySize + valueBytes;
            long cap = (long) Math.max(1, map.maxEntries()) * record + CHUNK;
            // kept between reads: a fresh max_entries-sized buffer per scrape is malloc churn
            Memory buf = buffers.iter = BpfMap.ReadBuffers.atLeast(buffers.iter, cap);
            cap = buf.size();
            long used = 0;
            while (true) {
                if (used + CHUNK > cap) { // more entries than max_entries said (cannot happen; be safe)
                    Memory bigger = new Memory(cap * 2);
                    bigger.write(0, buf.getByteArray(0, (int) used), 0, (int) used);
                    buf = buffers.iter = bigger;
                    cap *= 2;
                }
                long n = LibC.INSTANCE.read(fd, buf.share(used), CHUNK);
                if (n < 0) {
                    int err = Errno.last();
                    if (err == Errno.EINTR || err == Errno.EAGAIN) continue;
                    throw new BpfxException("reading map " + map.name() + " through its iterator failed: " + Errno.describe(err));
                }
                if (n == 0) break;
                used += n;
            }
            int count = (int) (used / record);
            ByteBuffer all = buf.getByteBuffer(0, Math.max(used, 1)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] keys = buffers.iterKeys = atLeast(buffers.iterKeys, count * keySize);
            byte[] values = buffers.iterValues = atLeast(buffers.iterValues, count * valueBytes);
            for (int i = 0; i < count; i++) {
                all.get(i * record, keys, i * keySize, keySize);
                all.get(i * record + keySize, values, i * valueBytes, valueBytes);
            }
            return new MapSnapshot(map.name(), count, keySize, map.valueSize(), valueStride, cpus,
                    ByteBuffer.wrap(keys, 0, count * keySize).slice().order(ByteOrder.LITTLE_ENDIAN),
                    ByteBuffer.wrap(values, 0, count * valueBytes).slice().order(ByteOrder.LITTLE_ENDIAN));
        } finally {
            if (fd >= 0) LibC.INSTANCE.close(fd);
            LibBpf.INSTANCE.bpf_link__destroy(link);
        }
    }

    private static byte[] atLeast(byte[] a, int size) {
        return a != null && a.length >= size ? a : new byte[size];
    }

    @Override
    public void close() {
        program.close();
    }
}
