package io.bpfx.engine.session;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes SIGINT/SIGTERM (and any JVM exit) end a run cleanly: the JVM's
 * shutdown hook asks the owning thread to stop, waits for it to unwind and
 * close what it opened, and closes the session itself only as a last resort
 * (never while the owner may still be reading an mmap'ed buffer, unless the
 * owner does not answer in time).
 */
public final class ShutdownGuard implements AutoCloseable {
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Session session;
    private final Thread owner;
    private final Thread hook;
    private volatile boolean ownerDone;

    public ShutdownGuard(Session session) {
        this.session = session;
        this.owner = Thread.currentThread();
        this.hook = new Thread(this::onShutdown, "bpfx-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once a signal (or exit) asked the run to end. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /** Asks the owner to stop (e.g. from a signal handler) and wakes its poll. */
    public void requestStop() {
        stopRequested.set(true);
        session.wakeup();
    }

    private void onShutdown() {
        requestStop();
        if (!ownerDone && owner.isAlive()) {
            try {
                owner.join(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        session.close();
    }

    /** The owner has finished and closed the session: the hook has nothing left to do. */
    @Override
    public void close() {
        ownerDone = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it will find the session closed
        }
    }
}
