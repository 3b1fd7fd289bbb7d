package io.bpfx.exporter;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.Cpus;
import io.bpfx.engine.MapSnapshot;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Whole-map reads for scrapes, with BPF_MAP_LOOKUP_BATCH into buffers kept from
 * one scrape to the next. {@link BpfMap#snapshot()} allocates fresh native
 * buffers sized for max_entries on every read; under many scrapes of a big map
 * that malloc churn spreads over glibc's per-thread arenas and the exporter's
 * resident memory keeps growing. Here each map has one pair of buffers.
 *
 * <p>A snapshot stays valid until the next read of the same map: only for the
 * collector's scrapes, which are single-flight and done with a snapshot before
 * the next begins (give {@link MapMetricsCollector.Builder#dumpSnapshots} a
 * function that reads with {@link BpfMap#snapshot()}). Maps
 * or kernels without batch lookups fall back to {@link BpfMap#snapshot()}.
 */
public final class SnapshotReader implements Function<String, MapSnapshot> {
    private final Function<String, BpfMap> maps;
    private final Map<String, Buffers> buffers = new HashMap<>();

    private static final class Buffers {
        Memory keys;
        Memory values;
        final Memory in = new Memory(64);
        final Memory out = new Memory(64);
        final IntByReference count = new IntByReference();
        boolean noBatch;
    }

    /** @param maps the map of each name (e.g. {@code liveTarget::map}) */
    public SnapshotReader(Function<String, BpfMap> maps) {
        this.maps = maps;
    }

    @Override
    public synchronized MapSnapshot apply(String name) {
        BpfMap map = maps.apply(name);
        Buffers b = buffers.computeIfAbsent(name, n -> new Buffers());
        if (b.noBatch || map.keySize() > 64) {
            return map.snapshot();
        }
        MapSnapshot s = batch(map, b);
        if (s == null) {
            b.noBatch = true;
            return map.snapshot();
        }
        return s;
    }

    private static MapSnapshot batch(BpfMap map, Buffers b) {
        int cpus = map.isPerCpu() ? Cpus.possible() : 1;
        int stride = map.isPerCpu() ? (map.valueSize() + 7) & ~7 : map.valueSize();
        int entryValues = stride * cpus;
        int cap = map.maxEntries();
        long keyBytes = (long) cap * map.keySize();
        long valueBytes = (long) cap * entryValues;
        if (b.keys == null || b.keys.size() < keyBytes) {
            b.keys = new Memory(Math.max(1, keyBytes));
        }
        if (b.values == null || b.values.size() < valueBytes) {
            b.values = new Memory(Math.max(1, valueBytes));
        }
        int fd = map.fd();
        int total = 0;
        boolean first = true;
        Memory in = b.in;
        Memory out = b.out;
        while (total < cap) {
            b.count.setValue(cap - total);
            int rc = LibBpf.INSTANCE.bpf_map_lookup_batch(fd, first ? null : in, out,
                    b.keys.share((long) total * map.keySize()), b.values.share((long) total * entryValues), b.count, null);
            int err = rc < 0 ? Errno.last() : 0;
            if (rc < 0 && err != Errno.ENOENT) {
                if (first && (err == Errno.EINVAL || err == Errno.ENOTSUPP || err == Errno.EOPNOTSUPP)) {
                    return null;
                }
                throw new io.bpfx.engine.BpfxException("reading map " + map.name() + " failed: " + Errno.describe(err));
            }
            total += b.count.getValue();
            if (rc < 0) {
                break;
            }
            Memory t = in;
            in = out;
            out = t;
            first = false;
        }
        ByteBuffer k = total == 0 ? ByteBuffer.allocate(0) : b.keys.getByteBuffer(0, (long) total * map.keySize());
        ByteBuffer v = total == 0 ? ByteBuffer.allocate(0) : b.values.getByteBuffer(0, (long) total * entryValues);
        return new MapSnapshot(map.name(), total, map.keySize(), map.valueSize(), stride, cpus,
                k.order(ByteOrder.LITTLE_ENDIAN), v.order(ByteOrder.LITTLE_ENDIAN));
    }
}
