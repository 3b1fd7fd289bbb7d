package io.bpfx.exporter.target;

import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfProgram;
import io.bpfx.engine.Link;
import io.bpfx.engine.ProgramInfo;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.exporter.MapMetricsCollector;
import io.bpfx.exporter.spec.MetricSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * One running target as the exporter sees it: its live objects and its metrics.
 * Scrapes read it under a read lock; {@link #close()} takes the write lock, so
 * once it returns no scrape touches the target's maps or programs and the
 * engine may free them.
 */
public final class ExportedTarget {
    private final String name;
    private final String origin;
    private final LiveTarget live;
    private final MapMetricsCollector collector;
    private final List<MetricSpec> specs;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** One program of the target, for the self metrics. */
    record Program(String name, ProgramInfo info, boolean attached) {
    }

    /**
     * @param origin    what declared it: the script or config file
     * @param collector its metrics (null when it exports none)
     */
    public ExportedTarget(String name, String origin, LiveTarget live, MapMetricsCollector collector, List<MetricSpec> specs) {
        this.name = name;
        this.origin = origin;
        this.live = live;
        this.collector = collector;
        this.specs = List.copyOf(specs);
    }

    public String name() {
        return name;
    }

    public String origin() {
        return origin;
    }

    public List<MetricSpec> specs() {
        return specs;
    }

    public MapMetricsCollector collector() {
        return collector;
    }

    /** Runs {@code read} unless the target is gone; the target cannot close meanwhile. */
    <T> Optional<T> read(Function<ExportedTarget, T> read) {
        lock.readLock().lock();
        try {
            if (closed || live.isClosed()) {
                return Optional.empty();
            }
            return Optional.ofNullable(read.apply(this));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Programs of the loaded objects with their kernel info; call inside {@link #read}. */
    List<Program> programs() {
        List<Link> links = live.links();
        List<Program> out = new ArrayList<>();
        for (BpfObject o : live.objects()) {
            if (o.isClosed()) {
                continue;
            }
            for (BpfProgram p : o.programs()) {
                Optional<ProgramInfo> info = p.info();
                if (info.isEmpty()) {
                    continue;
                }
                boolean attached = false;
                for (Link l : links) {
                    if (l.program().equals(p.name()) && !l.isClosed()) {
                        attached = true;
                    }
                }
                out.add(new Program(p.name(), info.get(), attached));
            }
        }
        return out;
    }

    /** Where it is attached, for the landing page; call inside {@link #read}. */
    List<String> attachments() {
        java.util.Map<String, String> sections = new java.util.HashMap<>();
        for (BpfObject o : live.objects()) {
            for (BpfProgram p : o.programs()) {
                sections.put(p.name(), p.section());
            }
        }
        List<String> out = new ArrayList<>();
        for (Link l : live.links()) {
            if (!l.isClosed()) {
                String where = l.description().startsWith("auto") && sections.containsKey(l.program())
                        ? sections.get(l.program()) : l.description();
                out.add(l.program() + " at " + where);
            }
        }
        return out;
    }

    /** Stops scrapes from reading this target; waits for the ones reading it now. */
    void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
