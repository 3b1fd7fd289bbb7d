package io.bpfx.exporter.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every run of the control plane, by id: at most {@code maxRuns} active at once (STARTING
 * counts, so a burst of slow starts cannot overshoot), ended ones kept for {@code keepEnded}
 * so their final output can still be read, and at most {@link #MAX_ENDED} of them.
 */
public final class RunRegistry {
    static final int MAX_ENDED = 64;

    /** Too many active runs: the API answers 429. */
    public static final class Full extends RuntimeException {
        Full(int max) {
            super("too many runs (at most " + max + " at once; stop one first)", null, false, false);
        }
    }

    private final RunLauncher launcher;
    private final int maxRuns;
    private final Duration keepEnded;
    private final int keepLines;
    private final int queueLines;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private boolean closed;

    public RunRegistry(RunLauncher launcher, int maxRuns, Duration keepEnded, int keepLines, int queueLines) {
        if (maxRuns < 1) throw new IllegalArgumentException("maxRuns must be at least 1");
        this.launcher = launcher;
        this.maxRuns = maxRuns;
        this.keepEnded = keepEnded;
        this.keepLines = keepLines;
        this.queueLines = queueLines;
    }

    public RunLauncher launcher() {
        return launcher;
    }

    public int maxRuns() {
        return maxRuns;
    }

    /** Takes a slot for a new run, or throws {@link Full}; {@code uploadDir} is deleted when it ends. */
    public synchronized Run reserve(String name, Path uploadDir) {
        if (closed) throw new Full(0);
        prune();
        long active = runs.values().stream().filter(r -> r.state().active()).count();
        if (active >= maxRuns) throw new Full(maxRuns);
        Run run = new Run(Long.toString(ids.incrementAndGet()), name, uploadDir, keepLines, queueLines);
        run.onEnd(() -> Uploads.delete(uploadDir));
        runs.put(run.id(), run);
        return run;
    }

    /**
     * Starts {@code run} (reserved) and returns once attached; a refusal frees the slot and
     * leaves no trace of the run.
     */
    public Run start(Run run, RunLauncher.Request request) {
        RunLauncher.Live live;
        try {
            live = launcher.start(request, run);
        } catch (RuntimeException e) {
            forget(run);
            throw e;
        }
        run.attached(live);
        boolean lateStop;
        synchronized (this) {
            lateStop = closed; // SIGTERM arrived while this one was attaching
        }
        if (lateStop) stop(run);
        return run;
    }

    private synchronized void forget(Run run) {
        runs.remove(run.id());
        Uploads.delete(run.uploadDir());
    }

    public synchronized Optional<Run> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public synchronized List<Run> list() {
        prune();
        return new ArrayList<>(runs.values());
    }

    /** Detaches {@code run} (its on_stop runs) and returns once nothing of it is attached. */
    public void stop(Run run) {
        RunLauncher.Live live = run.live();
        if (live == null) return; // refused or not attached yet; start() stops it when it is
        run.move(RunState.STOPPING);
        live.stop();
    }

    /** Refuses new runs and stops every active one (SIGTERM); returns when all are detached. */
    public void close() {
        List<Run> active;
        synchronized (this) {
            closed = true;
            active = runs.values().stream().filter(r -> r.state().active()).toList();
        }
        // stop in parallel: each run's Lua thread runs its own on_stop
        List<Thread> stoppers = new ArrayList<>();
        for (Run r : active) {
            Thread t = new Thread(() -> stop(r), "bpfx-stop-" + r.id());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void prune() {
        Instant cutoff = Instant.now().minus(keepEnded);
        List<Run> ended = runs.values().stream().filter(r -> !r.state().active()).toList();
        int excess = ended.size() - MAX_ENDED;
        for (Run r : ended) {
            if (excess-- > 0 || (r.endedAt() != null && r.endedAt().isBefore(cutoff))) runs.remove(r.id());
        }
    }
}
