package io.bpfx.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Reads a BPF_MAP_TYPE_RINGBUF directly from its mmap'ed pages, as libbpf's
 * ring_buffer__consume does, but in Java: no JNA call per record. The data
 * area is mapped twice back to back by the kernel, so a record never wraps.
 *
 * Drops (reserve failures) are counted by the BPF side in bpfx.h's
 * {@code bpfx_ringbuf_drops} per-CPU map when the program uses
 * {@code bpfx_ringbuf_reserve}; {@link #takeLost()} reports their growth.
 */
public final class RingBufferReader implements EventSource {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUSY_BIT = 1 << 31, DISCARD_BIT = 1 << 30, HDR_SIZE = 8;
    private static final long LOST_CHECK_NANOS = 100_000_000L;

    private final BpfMap map;
    private final RecordHandler handler;
    private final int fd;
    private final long mask;
    private final Mmap consumerPage, producerPages;
    private final ByteBuffer consumer, producer;
    private final Optional<BpfMap> dropsMap;
    private long delivered, dropsSeen, lastLostCheck;
    private boolean closed, draining, closeRequested;

    public RingBufferReader(BpfMap map, RecordHandler handler) {
        if (map.type() != MapType.RINGBUF) {
            throw new BpfxException.BadInput("map " + map.name() + " is a " + map.type().lowerName() + " map, not a ringbuf");
        }
        this.map = map;
        this.handler = handler;
        this.fd = map.fd();
        long size = map.maxEntries();
        this.mask = size - 1;
        this.consumerPage = new Mmap(fd, 0, Mmap.PAGE, true, "ring buffer " + map.name() + " consumer page");
        try {
            this.producerPages = new Mmap(fd, Mmap.PAGE, Mmap.PAGE + 2 * size, false, "ring buffer " + map.name());
        } catch (RuntimeException e) {
            consumerPage.close();
            throw e;
        }
        this.consumer = consumerPage.buffer();
        this.producer = producerPages.buffer();
        this.dropsMap = map.object() == null ? Optional.empty() : map.object().findMap("bpfx_ringbuf_drops");
        this.dropsSeen = readDrops();
        map.registerReader(this);
    }

    @Override
    public int[] pollFds() {
        return new int[] {fd};
    }

    @Override
    public String name() {
        return map.name();
    }

    /** Whether records are waiting, without consuming them. */
    @Override
    public boolean ready() {
        return !closed && !closeRequested && (long) LONG.getAcquire(consumer, 0) < (long) LONG.getAcquire(producer, 0);
    }

    @Override
    public int drain(int budget) {
        if (closed || closeRequested) return 0;
        draining = true;
        try {
            return drainRecords(budget);
        } finally {
            draining = false;
            if (closeRequested) close();
        }
    }

    private int drainRecords(int budget) {
        long cons = (long) LONG.getAcquire(consumer, 0);
        long prod = (long) LONG.getAcquire(producer, 0);
        int n = 0;
        while (cons < prod && n < budget) {
            int hdr = (int) (cons & mask) + Mmap.PAGE;
            int len = (int) INT.getAcquire(producer, hdr);
            if ((len & BUSY_BIT) != 0) {
                break; // the producer has not committed this one yet
            }
            int dataLen = len & ~(BUSY_BIT | DISCARD_BIT);
            cons += (dataLen + HDR_SIZE + 7) & ~7;
            if ((len & DISCARD_BIT) == 0) {
                try {
                    handler.onRecord(producer, hdr + HDR_SIZE, dataLen);
                } finally {
                    LONG.setRelease(consumer, 0, cons);
                }
                n++;
            } else {
                LONG.setRelease(consumer, 0, cons);
            }
            if (closeRequested) {
                break; // a handler stopped this target: the pages go after this drain
            }
            if (cons >= prod) {
                prod = (long) LONG.getAcquire(producer, 0);
            }
        }
        delivered += n;
        return n;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long takeLost() {
        long now = System.nanoTime();
        if (closed || closeRequested || dropsMap.isEmpty() || now - lastLostCheck < LOST_CHECK_NANOS) {
            return 0;
        }
        lastLostCheck = now;
        long total = readDrops();
        long fresh = total - dropsSeen;
        dropsSeen = total;
        return Math.max(0, fresh);
    }

    /** Records the BPF side failed to reserve, so far (0 without bpfx_ringbuf_reserve). */
    public long totalDrops() {
        return closed ? dropsSeen : readDrops();
    }

    private long readDrops() {
        if (dropsMap.isEmpty()) return 0;
        return dropsMap.get().lookupRaw(new byte[4]).map(raw -> {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            long sum = 0;
            for (int off = 0; off + 8 <= raw.length; off += 8) sum += b.getLong(off);
            return sum;
        }).orElse(0L);
    }

    @Override
    public synchronized void close() {
        if (draining) {
            closeRequested = true; // called from a handler: unmapping now would pull the page from under drain()
            return;
        }
        if (!closed) {
            closed = true;
            producerPages.close();
            consumerPage.close();
        }
    }
}
