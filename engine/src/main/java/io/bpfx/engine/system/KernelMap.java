package io.bpfx.engine.system;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Cpus;
import io.bpfx.engine.MapInfo;
import io.bpfx.engine.MapType;
import io.bpfx.engine.PerCpuSum;
import io.bpfx.engine.btf.Btf;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiConsumer;

/**
 * Any map on the machine, opened by id ({@code BPF_MAP_GET_FD_BY_ID}), typed through
 * the BTF the kernel keeps for it ({@code btf_id} in its info; the blob read with
 * {@code BPF_BTF_GET_FD_BY_ID} and parsed by the engine's BTF parser). Without BTF,
 * keys and values are raw bytes ({@link #hasBtf()} says so).
 *
 * <p>{@link #map()} is an ordinary {@link BpfMap} (lookup, update, delete, whole
 * reads); {@link #forEach} streams entries in chunks of {@value #CHUNK}, so a dump
 * of a million entries holds one chunk at a time. Closing closes the fd.
 */
public final class KernelMap implements AutoCloseable {
    static final int CHUNK = 4096;
    private static final LibBpf LIB = LibBpf.INSTANCE;

    private final MapInfo info;
    private final BpfMap map;
    private final boolean btf;
    private int fd;

    private KernelMap(MapInfo info, int fd, Layout key, Layout value) {
        this.info = info;
        this.fd = fd;
        this.btf = key != null && value != null;
        this.map = BpfMap.ofFd(info.name(), info.mapType(), fd, info.keySize(), info.valueSize(), info.maxEntries(),
                btf ? key : new Layout.OpaqueLayout(info.keySize()), btf ? value : new Layout.OpaqueLayout(info.valueSize()));
    }

    /** Opens map {@code id}; {@link BpfxException.NotFound} when there is none. */
    public static KernelMap open(long id) {
        io.bpfx.engine.Capabilities.requireSysAdmin("opening a BPF map by id");
        int fd = LIB.bpf_map_get_fd_by_id((int) id);
        if (fd < 0) {
            int err = -fd;
            if (err == Errno.ENOENT) {
                throw new BpfxException.NotFound("no BPF map with id " + id + " (bpfx maps lists them)");
            }
            if (err == Errno.EPERM || err == Errno.EACCES) {
                throw new BpfxException.PermissionDenied("opening BPF map " + id + ": " + Errno.describe(err)
                        + " (run as root)");
            }
            throw new BpfxException("opening BPF map " + id + ": " + Errno.describe(err));
        }
        try {
            MapInfo info = MapInfo.of(fd).orElseThrow(() -> new BpfxException("BPF map " + id + " has no info"));
            Layout key = null, value = null;
            if (info.btfId() != 0 && info.btfValueTypeId() != 0) {
                Btf btf = KernelBtf.load(info.btfId());
                if (btf != null) {
                    key = info.btfKeyTypeId() != 0 ? btf.layout(info.btfKeyTypeId()) : null;
                    value = btf.layout(info.btfValueTypeId());
                }
            }
            return new KernelMap(info, fd, key, value);
        } catch (RuntimeException e) {
            LibC.INSTANCE.close(fd);
            throw e;
        }
    }

    public MapInfo info() {
        return info;
    }

    public BpfMap map() {
        return map;
    }

    /** Whether keys and values decode through BTF; false: raw bytes (byte[]). */
    public boolean hasBtf() {
        return btf;
    }

    /**
     * Every entry, decoded (per-CPU values summed), in chunks: batch lookups where the
     * kernel has them for this map type, else key by key. Returns how many were seen.
     */
    public long forEach(BiConsumer<Object, Object> each) {
        MapType type = info.mapType();
        if (!type.isReadable()) {
            throw new BpfxException.Unsupported("map " + info.id() + " (" + info.name() + ") is a " + type.lowerName()
                    + ": it has no entries to read");
        }
        int cpus = type.isPerCpu() ? Cpus.possible() : 1;
        int stride = type.isPerCpu() ? (info.valueSize() + 7) & ~7 : info.valueSize();
        Chunk c = new Chunk(info.keySize(), stride * cpus);
        LayoutDecoder kd = LayoutDecoder.of(map.keyLayout()), vd = LayoutDecoder.of(map.valueLayout());
        long seen = 0;
        boolean batch = type != MapType.STACK_TRACE && type != MapType.LPM_TRIE;
        boolean first = true;
        while (true) {
            int n = batch ? c.batch(fd, first) : c.perKey(fd, first);
            if (n == -2) { // this kernel/map type has no batch ops
                batch = false;
                continue;
            }
            ByteBuffer keys = c.keys.getByteBuffer(0, (long) CHUNK * info.keySize()).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer values = c.values.getByteBuffer(0, c.values.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < Math.max(n, 0); i++) {
                Object value = null;
                for (int cpu = 0; cpu < cpus; cpu++) {
                    value = PerCpuSum.add(value, vd.read(values, i * stride * cpus + cpu * stride));
                }
                each.accept(kd.read(keys, i * info.keySize()), value);
            }
            seen += Math.max(n, 0);
            first = false;
            if (c.done) { // a batch may return less than asked (whole hash buckets only): only ENOENT ends it
                return seen;
            }
        }
    }

    /** One chunk's native buffers and the position between chunks. */
    private static final class Chunk {
        final int keySize, valueSize;
        final Memory keys, values, in, out, cur;
        final IntByReference count = new IntByReference();
        boolean done;

        Chunk(int keySize, int valueSize) {
            this.keySize = keySize;
            this.valueSize = valueSize;
            this.keys = new Memory((long) CHUNK * keySize);
            this.values = new Memory((long) CHUNK * valueSize);
            int token = Math.max(keySize, 8);
            this.in = new Memory(token);
            this.out = new Memory(token);
            this.cur = new Memory(keySize);
        }

        /** Up to CHUNK entries by BPF_MAP_LOOKUP_BATCH; -2 when unsupported. */
        int batch(int fd, boolean first) {
            if (!first) {
                in.write(0, out.getByteArray(0, (int) out.size()), 0, (int) out.size());
            }
            count.setValue(CHUNK);
            int rc = LIB.bpf_map_lookup_batch(fd, first ? null : in, out, keys, values, count, null);
            if (rc < 0) {
                int err = Errno.last();
                if (err == Errno.ENOENT) {
                    done = true;
                    return count.getValue();
                }
                if (first && (err == Errno.EINVAL || err == Errno.ENOTSUPP || err == Errno.EOPNOTSUPP)) {
                    return -2;
                }
                throw new BpfxException("reading map: " + Errno.describe(err));
            }
            return count.getValue();
        }

        /** Up to CHUNK entries, get_next_key + lookup each (entries deleted meanwhile are skipped). */
        int perKey(int fd, boolean first) {
            int n = 0;
            Pointer prev = first ? null : cur;
            while (n < CHUNK) {
                Pointer slot = keys.share((long) n * keySize);
                if (LIB.bpf_map_get_next_key(fd, prev, slot) != 0) {
                    done = true;
                    break;
                }
                cur.write(0, slot.getByteArray(0, keySize), 0, keySize);
                prev = cur;
                if (LIB.bpf_map_lookup_elem(fd, slot, values.share((long) n * valueSize)) == 0) {
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
    }
}
