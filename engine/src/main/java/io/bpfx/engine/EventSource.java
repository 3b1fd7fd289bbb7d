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

    /** Records lost since the last call (producer could not write them). */
    long takeLost();

    /** Records delivered so far. */
    long delivered();

    /** Name for messages, e.g. the map name. */
    String name();

    @Override
    void close();
}
