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
 *
 * <p>The consumer position the kernel sees lags our own by the last record read
 * while records flow. The kernel wakes a reader (irq_work: in a VM an
 * interrupt and an exit) for each committed record that sits exactly at the
 * published consumer position, so a reader that keeps up would otherwise cost
 * the producer one such wakeup per record. {@link #beforeWait()} publishes the
 * full position, as the kernel's wakeup protocol needs, before the loop blocks.
 */
public final class RingBufferReader implements EventSource {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUSY_BIT = 1 << 31, DISCARD_BIT = 1 << 30, HDR_SIZE = 8;

    private final BpfMap map;
    private final RecordHandler handler;
    private final int fd;
    private final long mask;
    /** Publish the consumer position at least every this many bytes, so a small ring never looks full for long. */
    private final long publishEvery;
    private final Mmap consumerPage, producerPages;
    private final ByteBuffer consumer, producer;
    private final Optional<BpfMap> dropsMap;
    private long delivered, dropsSeen;
    /** Our read position, and the one the kernel sees (at most one drain's worth behind). */
    private long cons, published;
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
        this.publishEvery = Math.max(HDR_SIZE, Math.min(size / 8, 64 * 1024));
        this.consumerPage = new Mmap(fd, 0, Mmap.PAGE, true, "ring buffer " + map.name() + " consumer page");
        try {
            this.producerPages = new Mmap(fd, Mmap.PAGE, Mmap.PAGE + 2 * size, false, "ring buffer " + map.name());
        } catch (RuntimeException e) {
            consumerPage.close();
            throw e;
        }
        this.consumer = consumerPage.buffer();
        this.producer = producerPages.buffer();
        this.cons = this.published = (long) LONG.getAcquire(consumer, 0);
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
        return !closed && !closeRequested && cons < (long) LONG.getAcquire(producer, 0);
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
        long c = cons;
        long lastStart = -1; // where the last record read starts: published instead of c
        long prod = (long) LONG.getAcquire(producer, 0);
        int n = 0;
        try {
            while (c < prod && n < budget) {
                int hdr = (int) (c & mask) + Mmap.PAGE;
                int len = (int) INT.getAcquire(producer, hdr);
                if ((len & BUSY_BIT) != 0) {
                    break; // the producer has not committed this one yet
                }
                int dataLen = len & ~(BUSY_BIT | DISCARD_BIT);
                lastStart = c;
                c += (dataLen + HDR_SIZE + 7) & ~7;
                if ((len & DISCARD_BIT) == 0) {
                    n++; // counted even if the handler throws: the record is consumed
                    handler.onRecord(producer, hdr + HDR_SIZE, dataLen);
                }
                if (closeRequested) {
                    break; // a handler stopped this target: the pages go after this drain
                }
                if (lastStart - published >= publishEvery) {
                    publish(lastStart);
                }
                if (c >= prod) {
                    prod = (long) LONG.getAcquire(producer, 0);
                }
            }
        } finally {
            cons = c;
            if (lastStart > published) publish(lastStart);
            delivered += n;
        }
        return n;
    }

    private void publish(long pos) {
        published = pos;
        LONG.setRelease(consumer, 0, pos);
    }

    /**
     * Publishes the whole read position, then looks once more: a record committed while the
     * published position lagged woke nobody, so the loop must read it rather than block.
     */
    @Override
    public boolean beforeWait() {
        if (closed || closeRequested) return false;
        if (published != cons) publish(cons);
        if (cons >= (long) LONG.getAcquire(producer, 0)) return false;
        // a record still being written is fine: its commit sees our position and wakes us
        return ((int) INT.getAcquire(producer, (int) (cons & mask) + Mmap.PAGE) & BUSY_BIT) == 0;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    /** Reads the drops map (one system call): the loop decides how often. */
    @Override
    public long takeLost() {
        if (closed || closeRequested || dropsMap.isEmpty()) {
            return 0;
        }
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
