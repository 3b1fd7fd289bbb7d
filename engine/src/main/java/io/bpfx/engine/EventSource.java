package io.bpfx.engine;

/** A kernel-to-user event stream that an {@link EventLoop} polls. */
public interface EventSource extends AutoCloseable {
    /** File descriptors that become readable when records arrive. */
    int[] pollFds();

    /** Delivers up to {@code budget} ready records to the handler; returns how many. */
    int drain(int budget);

    /** Whether records are waiting (cheap: no system call); used to spin briefly before sleeping. */
    default boolean ready() {
        return false;
    }

    /**
     * Called just before the loop blocks in epoll: a source that delays telling the kernel
     * what it consumed does so now. Returns true when records are ready after all (the loop
     * drains instead of blocking).
     */
    default boolean beforeWait() {
        return false;
    }

    /** Records lost since the last call (producer could not write them); may cost a system call. */
    long takeLost();

    /** Records delivered so far. */
    long delivered();

    /** Name for messages, e.g. the map name. */
    String name();

    @Override
    void close();
}
