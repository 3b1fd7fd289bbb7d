package io.bpfx.exporter;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Single-flight work by key: a caller that arrives while the work for its key
 * runs waits for it and shares its result (or its exception), so concurrent
 * scrapes cost one map read and one rendering. The work is not cached: the
 * next caller after it ends runs it again.
 */
public final class SingleFlight<K, V> {

    /** The work, which may throw {@code X}. */
    @FunctionalInterface
    public interface Work<V, X extends Exception> {
        V get() throws X;
    }

    private final Map<K, CompletableFuture<V>> inflight = new HashMap<>();

    /**
     * Runs {@code work} or joins the run under way for {@code key}. A waiter gets
     * the runner's exception: unchecked ones and {@code X} as they are, an
     * {@link Error} wrapped in a {@link CompletionException}.
     */
    @SuppressWarnings("unchecked")
    public <X extends Exception> V run(K key, Work<V, X> work) throws X {
        CompletableFuture<V> mine = null;
        CompletableFuture<V> running;
        synchronized (inflight) {
            running = inflight.get(key);
            if (running == null) {
                running = mine = new CompletableFuture<>();
                inflight.put(key, mine);
            }
        }
        if (mine == null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Exception x) {
                    throw (X) x; // the runner's work threw it, and all work under a key is of one kind
                }
                throw e;
            }
        }
        try {
            V out = work.get();
            mine.complete(out);
            return out;
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (inflight) {
                inflight.remove(key);
            }
        }
    }
}
