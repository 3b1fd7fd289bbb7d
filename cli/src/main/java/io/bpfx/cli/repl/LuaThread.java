package io.bpfx.cli.repl;

import io.bpfx.engine.session.Session;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hand-off to the thread that owns LuaJ. That thread (the REPL's main thread) waits in
 * {@link Session#poll} for kernel records, running event callbacks as they come; the
 * terminal thread posts work here (a typed chunk, "is this chunk complete?", "which globals
 * start with ma?") and wakes the poll with the session's eventfd. So Lua, the ring-buffer
 * reads and the callbacks all stay on one thread, and a wakeup posted just before the owner
 * blocks is not lost (the eventfd counter stays set until the poll reads it).
 */
final class LuaThread {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Session session;

    LuaThread(Session session) {
        this.session = session;
    }

    /** From any thread: runs {@code task} on the Lua thread soon. */
    void post(Runnable task) {
        tasks.add(task);
        session.wakeup();
    }

    /**
     * From the terminal thread: runs {@code task} on the Lua thread and waits for its answer,
     * or {@code fallback} if the Lua thread is busy (a long command) for {@code timeoutMs}.
     */
    <T> T ask(Callable<T> task, T fallback, long timeoutMs) {
        FutureTask<T> f = new FutureTask<>(task);
        post(f);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            f.cancel(false);
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    /** On the Lua thread: runs what was posted; true if anything ran. */
    boolean runPosted() {
        boolean ran = false;
        for (Runnable r; (r = tasks.poll()) != null; ) {
            r.run();
            ran = true;
        }
        return ran;
    }
}
