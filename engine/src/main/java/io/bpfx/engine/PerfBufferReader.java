package io.bpfx.engine;

import com.sun.jna.Memory;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibBpf;
import io.bpfx.engine.libbpf.LibC;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a BPF_MAP_TYPE_PERF_EVENT_ARRAY: one bpf-output perf event per
 * online CPU, each with its own mmap'ed ring, read directly from Java.
 * Records that wrap around a ring's end are copied into a scratch buffer.
 * PERF_RECORD_LOST records count as lost.
 */
public final class PerfBufferReader implements EventSource {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int DATA_HEAD = 1024, DATA_TAIL = 1032, DATA_OFFSET = 1040, DATA_SIZE = 1048;
    private static final int RECORD_LOST = 2, RECORD_SAMPLE = 9;
    public static final int DEFAULT_PAGES = 64;

    private final BpfMap map;
    private final RecordHandler handler;
    private final List<CpuRing> rings = new ArrayList<>();
    private ByteBuffer scratch = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private long delivered, lost;
    private boolean closed, draining, closeRequested;

    private static final class CpuRing {
        final int cpu, fd;
        final Mmap mmap;
        final ByteBuffer buf;
        final int dataOffset, dataSize;

        CpuRing(int cpu, int fd, Mmap mmap) {
            this.cpu = cpu;
            this.fd = fd;
            this.mmap = mmap;
            this.buf = mmap.buffer();
            this.dataOffset = (int) buf.getLong(DATA_OFFSET);
            this.dataSize = (int) buf.getLong(DATA_SIZE);
        }
    }

    /** @param pagesPerCpu ring size per CPU in pages; a power of two */
    public PerfBufferReader(BpfMap map, RecordHandler handler, int pagesPerCpu) {
        if (map.type() != MapType.PERF_EVENT_ARRAY) {
            throw new BpfxException.BadInput("map " + map.name() + " is a " + map.type().lowerName() + " map, not a perf_event_array");
        }
        if (Integer.bitCount(pagesPerCpu) != 1) {
            throw new BpfxException.BadInput("perf buffer pages must be a power of two, got " + pagesPerCpu);
        }
        this.map = map;
        this.handler = handler;
        try {
            for (int cpu : Cpus.online()) {
                if (cpu >= map.maxEntries()) break;
                int fd = PerfEventOpen.openBpfOutput(cpu);
                Mmap m;
                try {
                    m = new Mmap(fd, 0, (long) (pagesPerCpu + 1) * Mmap.PAGE, true, "perf buffer of " + map.name() + " on CPU " + cpu);
                } catch (RuntimeException e) {
                    LibC.INSTANCE.close(fd);
                    throw e;
                }
                rings.add(new CpuRing(cpu, fd, m));
                Memory key = new Memory(4), val = new Memory(4);
                key.setInt(0, cpu);
                val.setInt(0, fd);
                if (LibBpf.INSTANCE.bpf_map_update_elem(map.fd(), key, val, 0) != 0) {
                    throw new BpfxException("cannot install perf buffer for CPU " + cpu + " in " + map.name() + ": " + Errno.describe(Errno.last()));
                }
                LibC.INSTANCE.ioctl(fd, LibC.PERF_EVENT_IOC_ENABLE, 0);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        map.registerReader(this);
    }

    public PerfBufferReader(BpfMap map, RecordHandler handler) {
        this(map, handler, DEFAULT_PAGES);
    }

    @Override
    public int[] pollFds() {
        return rings.stream().mapToInt(r -> r.fd).toArray();
    }

    @Override
    public String name() {
        return map.name();
    }

    @Override
    public int drain(int budget) {
        if (closed || closeRequested) return 0;
        draining = true;
        int n = 0;
        try {
            for (CpuRing r : rings) {
                n += drainRing(r, budget - n);
                if (n >= budget || closeRequested) break;
            }
        } finally {
            draining = false;
            delivered += n;
            if (closeRequested) close();
        }
        return n;
    }

    private int drainRing(CpuRing r, int budget) {
        ByteBuffer b = r.buf;
        long head = (long) LONG.getAcquire(b, DATA_HEAD);
        long tail = b.getLong(DATA_TAIL);
        int n = 0;
        int mask = r.dataSize - 1;
        while (tail < head && n < budget) {
            int pos = (int) (tail & mask);
            int off = r.dataOffset + pos;
            ByteBuffer src = b;
            int size = Short.toUnsignedInt(readShortWrapped(r, pos + 6));
            if (pos + size > r.dataSize) {
                // the record wraps around the ring's end: copy it out in two parts
                if (scratch.capacity() < size) scratch = ByteBuffer.allocate(size * 2).order(ByteOrder.LITTLE_ENDIAN);
                int first = r.dataSize - pos;
                for (int i = 0; i < first; i++) scratch.put(i, b.get(off + i));
                for (int i = first; i < size; i++) scratch.put(i, b.get(r.dataOffset + i - first));
                src = scratch;
                off = 0;
            }
            int type = src.getInt(off);
            if (type == RECORD_SAMPLE) {
                int rawSize = src.getInt(off + 8);
                handler.onRecord(src, off + 12, rawSize);
                n++;
            } else if (type == RECORD_LOST) {
                lost += src.getLong(off + 16);
            }
            tail += size;
            LONG.setRelease(b, DATA_TAIL, tail);
            if (closeRequested) break; // a handler stopped this target
        }
        return n;
    }

    private short readShortWrapped(CpuRing r, int pos) {
        int mask = r.dataSize - 1;
        int lo = r.buf.get(r.dataOffset + (pos & mask)) & 0xff;
        int hi = r.buf.get(r.dataOffset + ((pos + 1) & mask)) & 0xff;
        return (short) (lo | hi << 8);
    }

    @Override
    public boolean ready() {
        if (closed || closeRequested) return false;
        for (CpuRing r : rings) {
            if ((long) LONG.getAcquire(r.buf, DATA_HEAD) != r.buf.getLong(DATA_TAIL)) return true;
        }
        return false;
    }

    @Override
    public long takeLost() {
        long l = lost;
        lost = 0;
        return l;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public synchronized void close() {
        if (draining) {
            closeRequested = true; // called from a handler: unmap after drain()
            return;
        }
        if (closed) return;
        closed = true;
        for (CpuRing r : rings) {
            LibC.INSTANCE.ioctl(r.fd, LibC.PERF_EVENT_IOC_DISABLE, 0);
            r.mmap.close();
            LibC.INSTANCE.close(r.fd);
        }
        rings.clear();
    }
}
