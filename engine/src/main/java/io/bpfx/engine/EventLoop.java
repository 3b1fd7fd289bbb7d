package io.bpfx.engine;

import com.sun.jna.Memory;
import io.bpfx.engine.libbpf.Errno;
import io.bpfx.engine.libbpf.LibC;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Polls every registered {@link EventSource} from the calling thread: the
 * thread that calls {@link #poll(long)} is the one that receives records
 * (later, the Lua thread), so handlers never run concurrently and there is no
 * hand-off queue. Waiting uses one epoll set; {@link #wakeup()} (any thread)
 * interrupts a wait, e.g. on Ctrl-C.
 */
public final class EventLoop implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private static final int EPOLL_EVENT_SIZE = 12; // struct epoll_event is packed on x86_64
    private static final int MAX_EVENTS = 64;
    public static final int BATCH = 4096;
    /**
     * After records were delivered, look again for this long before sleeping in epoll:
     * under a steady stream a wakeup per record (kernel irq_work + context switch)
     * costs more than the records themselves.
     */
    private static final long SPIN_NANOS = 200_000, ACTIVE_NANOS = 5_000_000;

    /** Lost counts (a system call for a ring buffer) are read at most this often while records flow. */
    private static final long LOST_CHECK_NANOS = 100_000_000L;

    private final int epfd, wakeFd;
    private final List<EventSource> sources = new ArrayList<>();
    /** The live sources, copied on (un)register only: the poll path reads it without locking or copying. */
    private volatile EventSource[] polled = new EventSource[0];
    private final Memory events = new Memory((long) MAX_EVENTS * EPOLL_EVENT_SIZE);
    private final Memory eventfdBuf = new Memory(8);
    private final Memory one = new Memory(8);
    private BiConsumer<EventSource, Long> lostHandler = (s, n) -> { };
    private volatile boolean closed;
    private long lastDelivery, lastLostCheck;
    /** Records were delivered since lost counts were last read. */
    private boolean unchecked;

    public EventLoop() {
        epfd = C.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (epfd < 0) throw new BpfxException("epoll_create1 failed: " + Errno.describe(Errno.last()));
        wakeFd = C.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0) throw new BpfxException("eventfd failed: " + Errno.describe(Errno.last()));
        add(wakeFd, -1);
    }

    /** Called with (source, count) whenever a source reports lost records. */
    public void onLost(BiConsumer<EventSource, Long> handler) {
        this.lostHandler = handler;
    }

    public synchronized void register(EventSource source) {
        for (int fd : source.pollFds()) add(fd, sources.size());
        sources.add(source);
        polled = live();
    }

    /** Stops polling a source (it stays open; the caller closes it). */
    public synchronized void unregister(EventSource source) {
        int idx = sources.indexOf(source);
        if (idx < 0) return;
        for (int fd : source.pollFds()) C.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, null);
        sources.set(idx, null); // keep indices stable for the other sources' epoll data
        polled = live();
    }

    public synchronized List<EventSource> sources() {
        return List.of(polled);
    }

    private EventSource[] live() {
        List<EventSource> out = new ArrayList<>();
        for (EventSource s : sources) if (s != null) out.add(s);
        return out.toArray(new EventSource[0]);
    }

    private void add(int fd, int index) {
        Memory ev = new Memory(EPOLL_EVENT_SIZE);
        ev.setInt(0, LibC.EPOLLIN);
        ev.setLong(4, index);
        if (C.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, fd, ev) != 0) {
            throw new BpfxException("epoll_ctl failed for fd " + fd + ": " + Errno.describe(Errno.last()));
        }
    }

    /**
     * Delivers what is ready; if nothing is, waits up to {@code timeoutMs} for
     * records (or a wakeup) and delivers those. Returns the number delivered.
     * Idle, it blocks in epoll for the whole timeout: nothing wakes the thread
     * but records, {@link #wakeup()} or the timeout.
     */
    public int poll(long timeoutMs) {
        int n = drainAll();
        if (n > 0) {
            lastDelivery = System.nanoTime();
            return n;
        }
        if (timeoutMs > 0 && System.nanoTime() - lastDelivery < ACTIVE_NANOS && spinUntilReady()) {
            n = drainAll();
            if (n > 0) {
                lastDelivery = System.nanoTime();
                return n;
            }
        }
        if (beforeWait()) {
            n = drainAll();
            if (n > 0) {
                lastDelivery = System.nanoTime();
                return n;
            }
        }
        if (unchecked) checkLost(System.nanoTime()); // the last drops of a burst, before going idle
        int ready = C.epoll_wait(epfd, events, MAX_EVENTS, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        if (ready < 0 && Errno.last() != Errno.EINTR) {
            throw new BpfxException("epoll_wait failed: " + Errno.describe(Errno.last()));
        }
        for (int i = 0; i < ready; i++) {
            if (events.getLong((long) i * EPOLL_EVENT_SIZE + 4) == -1) {
                C.read(wakeFd, eventfdBuf, 8); // reset the wakeup counter
            }
        }
        n = drainAll();
        if (n > 0) lastDelivery = System.nanoTime();
        return n;
    }

    private boolean spinUntilReady() {
        EventSource[] snapshot = polled;
        long end = System.nanoTime() + SPIN_NANOS;
        do {
            for (EventSource s : snapshot) {
                if (s.ready()) return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < end);
        return false;
    }

    private boolean beforeWait() {
        boolean ready = false;
        for (EventSource s : polled) ready |= s.beforeWait(); // every source publishes, even after a ready one
        return ready;
    }

    private int drainAll() {
        int total = 0;
        for (EventSource s : polled) {
            int n, rounds = 0;
            do { // bounded so a busy source cannot starve the caller's timers
                n = s.drain(BATCH);
                total += n;
            } while (n == BATCH && ++rounds < 16);
        }
        if (total > 0) {
            unchecked = true;
            long now = System.nanoTime();
            if (now - lastLostCheck >= LOST_CHECK_NANOS) checkLost(now);
        }
        return total;
    }

    private void checkLost(long now) {
        lastLostCheck = now;
        unchecked = false;
        for (EventSource s : polled) reportLost(s);
    }

    /** Reports what {@code source} lost and was not told yet, now (e.g. as its target stops). */
    public void reportLost(EventSource source) {
        long lost = source.takeLost();
        if (lost > 0) lostHandler.accept(source, lost);
    }

    /** Makes a blocked {@link #poll(long)} return (safe from any thread, e.g. a signal handler). */
    public synchronized void wakeup() {
        if (closed) return; // the eventfd's number may belong to another file by now
        one.setLong(0, 1);
        C.write(wakeFd, one, 8);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        C.close(wakeFd);
        C.close(epfd);
    }
}
