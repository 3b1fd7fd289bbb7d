package io.bpfx.dsl;

import io.bpfx.engine.BpfMap;
import io.bpfx.engine.RecordHandler;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.TargetListener;
import io.bpfx.engine.session.TargetPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A script run on a thread of its own with its output captured ({@code bpfx serve}): the
 * thread is the run's Lua thread and owns its session. {@link #start} returns once the
 * script's entry has attached its targets; {@link #stop} returns once they are detached and
 * the session closed. Other threads read the run's maps by handing the read to the Lua thread,
 * which takes it between waits of at most {@link #SLICE_MS}.
 */
public final class BackgroundRun {
    static final long SLICE_MS = 100;
    static final int MAX_ITEMS = 2000;

    /** Where the run's output and end go (called on the run's thread). */
    public interface Sink {
        void json(String line);

        void text(String line);

        void log(String line);

        /** Nothing is attached any more; {@code error} is the one line for why it failed, or null. */
        void ended(String error);
    }

    private final Session session;
    private final EngineHost engineHost;
    private final ScriptRunner runner;
    private final Sink sink;
    private final Runnable beforeClose;
    private final CountDownLatch attached = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LongAdder events = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private volatile boolean signalled;
    private volatile RuntimeException startError;
    private volatile boolean done;
    private Thread thread;

    private BackgroundRun(Session session, EngineHost host, ScriptRunner runner, Sink sink, Runnable beforeClose) {
        this.session = session;
        this.engineHost = host;
        this.runner = runner;
        this.sink = sink;
        this.beforeClose = beforeClose;
    }

    /** Options that send the run's prints to {@code sink} in both JSON and text form, its stderr to the log. */
    public static RunOptions options(RunOptions base, Sink sink) {
        return base.withOutput(LineSink.printStream(sink::json), errStream(sink)).withTextMirror(LineSink.printStream(sink::text));
    }

    /** The stream the run's messages (attaching, lost events) go to. */
    public static PrintStream errStream(Sink sink) {
        return LineSink.printStream(sink::log);
    }

    /**
     * Runs {@code runtime} (loaded with {@link #options}) on a new thread over {@code host}, which
     * owns {@code session}; returns once its targets are attached. A failure before that is
     * thrown here, after everything is closed, and the sink's {@code ended} is not called.
     * {@code beforeClose} runs on the run's thread before the session closes (e.g. to stop
     * exporting its maps).
     */
    public static BackgroundRun start(DslRuntime runtime, Session session, EngineHost host, RunOptions options,
                                      String[] args, Sink sink, Runnable beforeClose, String threadName) {
        BackgroundRun run = new BackgroundRun(session, host, new ScriptRunner(options), sink, beforeClose);
        session.addListener(run.counting());
        run.thread = new Thread(() -> run.body(runtime, args), threadName);
        run.thread.start();
        try {
            run.attached.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.stop();
            throw new io.bpfx.engine.BpfxException("interrupted while starting");
        }
        if (run.startError != null) throw run.startError;
        return run;
    }

    private void body(DslRuntime runtime, String[] args) {
        String error = null;
        RuntimeException failure = null;
        try (session) {
            try {
                int code = runner.run(runtime, args, new Host());
                if (code != 0) error = "bpfx: the script exited with code " + code;
            } finally {
                beforeClose.run();
            }
        } catch (RuntimeException e) {
            failure = e;
            error = ErrorLines.of(e);
        } finally {
            done = true;
            Runnable t;
            while ((t = tasks.poll()) != null) t.run(); // their futures see the run is over
        }
        if (!signalled && failure != null) {
            startError = failure;
            attached.countDown();
            return;
        }
        signalled = true;
        attached.countDown();
        sink.ended(error);
    }

    /** Ends the run and returns once it has: on_stop ran, nothing attached, the session closed. */
    public void stop() {
        runner.interrupt();
        engineHost.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    public boolean isDone() {
        return done;
    }

    public List<String> targets() {
        return session.targets().stream().map(LiveTarget::name).toList();
    }

    public long events() {
        return events.sum();
    }

    public long lost() {
        return lost.sum();
    }

    /**
     * The run's maps as one JSON array: {@code [{"target", "map", "type", "items": [{key, value}]
     * [, "histogram": [{low, high, count}]]}]}, read on the run's thread.
     */
    public String mapsJson(long timeoutMs) {
        CompletableFuture<String> result = new CompletableFuture<>();
        tasks.add(() -> {
            if (done) result.completeExceptionally(new io.bpfx.engine.BpfxException("the run has ended"));
            else {
                try {
                    result.complete(readMaps());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        session.wakeup();
        try {
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new io.bpfx.engine.BpfxException("the run's Lua thread is busy: maps not read within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.bpfx.engine.BpfxException("interrupted");
        }
    }

    private String readMaps() {
        List<Object> out = new ArrayList<>();
        for (LiveTarget t : session.targets()) {
            for (BpfMap m : t.maps()) {
                if (m.isInternal() || m.type().isEventStream()) continue;
                EngineMapView view = new EngineMapView(m);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("target", t.name());
                doc.put("map", m.name());
                doc.put("type", m.type().lowerName());
                try {
                    List<Map.Entry<Object, Object>> items = view.items();
                    boolean histogram = view.isHistogram();
                    List<Object> rows = new ArrayList<>();
                    for (Map.Entry<Object, Object> e : items.subList(0, Math.min(MAX_ITEMS, items.size()))) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("key", e.getKey());
                        row.put("value", e.getValue());
                        rows.add(row);
                    }
                    doc.put("items", rows);
                    if (items.size() > MAX_ITEMS) doc.put("truncated", items.size());
                    if (histogram) {
                        List<Object> buckets = new ArrayList<>();
                        for (HistogramFormatter.Bucket b : HistogramFormatter.trim(
                                HistogramFormatter.log2Buckets(MapPrinter.histogramCounts(items)))) {
                            buckets.add(Map.of("low", b.low(), "high", b.high(), "count", b.count()));
                        }
                        doc.put("histogram", buckets);
                    }
                } catch (RuntimeException e) {
                    doc.put("error", ErrorLines.of(e));
                }
                out.add(doc);
            }
        }
        return JsonWriter.write(out);
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) t.run();
    }

    private TargetListener counting() {
        return new TargetListener() {
            @Override
            public void planning(TargetPlan plan) {
                List<TargetPlan.EventSubscription> counted = new ArrayList<>();
                for (TargetPlan.EventSubscription s : plan.events) {
                    counted.add(new TargetPlan.EventSubscription(s.map(), s.type(), layout -> {
                        RecordHandler h = s.handlerFactory().apply(layout);
                        return (buf, off, len) -> {
                            events.increment();
                            h.onRecord(buf, off, len);
                        };
                    }, n -> {
                        lost.add(n);
                        s.onLost().accept(n);
                    }, s.origin()));
                }
                plan.events.clear();
                plan.events.addAll(counted);
            }

            @Override
            public void started(TargetPlan plan, LiveTarget live) {
            }

            @Override
            public void stopping(TargetPlan plan, LiveTarget live) {
            }
        };
    }

    /** The engine host, with waits cut into slices so map reads are served and the start is seen. */
    private final class Host implements ScriptHost {
        @Override
        public void prepare(ScriptModel model, LuaCallbacks callbacks) {
            engineHost.prepare(model, callbacks);
        }

        @Override
        public void run(String target) {
            engineHost.run(target);
        }

        @Override
        public void stop(String target) {
            engineHost.stop(target);
        }

        @Override
        public boolean isRunning(String target) {
            return engineHost.isRunning(target);
        }

        @Override
        public boolean anyRunning() {
            return engineHost.anyRunning();
        }

        @Override
        public void sleep(long ms) {
            if (!signalled) { // the first wait: entry has attached what it runs
                signalled = true;
                attached.countDown();
            }
            long deadline = System.nanoTime() + ms * 1_000_000L;
            do {
                runTasks();
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                engineHost.sleep(Math.max(0, Math.min(SLICE_MS, left)));
            } while (System.nanoTime() < deadline && !done && !stopRequested());
            runTasks();
        }

        private boolean stopRequested() {
            return engineHost.isInterrupted();
        }

        @Override
        public MapView map(String target, String mapName) {
            return engineHost.map(target, mapName);
        }

        @Override
        public void exit(int code) {
            engineHost.exit(code);
        }

        @Override
        public void overrideValues(String target, Map<String, Object> values) {
            engineHost.overrideValues(target, values);
        }

        @Override
        public void addAttachment(String target, String program, String place, Map<String, Object> opts, String origin) {
            engineHost.addAttachment(target, program, place, opts, origin);
        }
    }
}
