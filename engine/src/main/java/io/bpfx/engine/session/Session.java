package io.bpfx.engine.session;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.EventLoop;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.Link;
import io.bpfx.engine.LoadedUnit;
import io.bpfx.engine.MapType;
import io.bpfx.engine.PerfBufferReader;
import io.bpfx.engine.RecordHandler;
import io.bpfx.engine.RingBufferReader;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.build.BpfCompiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Runs targets: compiles, loads, attaches, and polls their events on the
 * thread that calls {@link #poll(long)}. One session per run; closing it
 * stops every target, so every exit path that closes the session leaves
 * nothing attached.
 */
public final class Session implements AutoCloseable {
    private final BpfCompiler compiler;
    private final AttachPlaces places;
    private final EventLoop loop = new EventLoop();
    private final Map<String, LiveTarget> running = new LinkedHashMap<>();
    private final Map<EventSource, LongConsumer> lostHandlers = new HashMap<>();
    private final Map<String, TargetPlan> plans = new HashMap<>();
    private final Set<String> told = new HashSet<>();
    private final List<TargetListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    public Session(BpfCompiler compiler, AttachPlaces places) {
        this.compiler = compiler;
        this.places = places;
        loop.onLost((src, n) -> {
            LongConsumer h = lostHandlers.get(src);
            if (h != null) h.accept(n);
        });
        io.bpfx.engine.Timing.mark("session made");
    }

    public BpfCompiler compiler() {
        return compiler;
    }

    /** Told of every target this session starts from now on, and of its stop. */
    public void addListener(TargetListener l) {
        listeners.add(l);
    }

    /** Compiles, loads and attaches a target; on any failure nothing of it stays. */
    public synchronized LiveTarget start(TargetPlan plan) {
        if (closed) throw new IllegalStateException("session closed");
        if (running.containsKey(plan.name)) {
            throw new BpfxException.BadInput("target " + plan.name + " is already running");
        }
        if (plan.files.isEmpty()) {
            throw new BpfxException.BadInput("target " + plan.name + " has no files: add_files(\"prog.bpf.c\")");
        }
        for (TargetListener l : listeners) l.planning(plan);
        LiveTarget live = new LiveTarget(plan.name);
        try {
            io.bpfx.engine.Timing.mark("start target " + plan.name);
            for (Path f : plan.files) {
                live.add(TargetFiles.open(compiler, plan, f));
            }
            io.bpfx.engine.Timing.mark("compiled+opened");
            setGlobals(plan, live);
            List<Placed> placed = place(plan, live);
            io.bpfx.engine.Timing.mark("globals set, places parsed");
            for (LoadedUnit u : live.units) u.load();
            io.bpfx.engine.Timing.mark("loaded");
            subscribe(plan, live);
            for (Placed p : placed) {
                try {
                    live.links.add(p.attach());
                } catch (BpfxException e) {
                    throw withOrigin(e, p.origin);
                }
            }
            autoAttachRest(plan, live, placed);
            io.bpfx.engine.Timing.mark("attached");
        } catch (RuntimeException e) {
            unregister(live);
            live.close();
            throw e;
        }
        running.put(plan.name, live);
        plans.put(plan.name, plan);
        for (TargetListener l : listeners) l.started(plan, live);
        return live;
    }

    private static void setGlobals(TargetPlan plan, LiveTarget live) {
        if (!live.units.isEmpty() && live.units.stream().noneMatch(LoadedUnit::holdsGlobals)) {
            return; // BCC C only: set_values went to BCC as -D defines (TargetFiles)
        }
        for (Map.Entry<String, Object> g : plan.globals.entrySet()) {
            LoadedUnit owner = null;
            for (LoadedUnit u : live.units) {
                if (u.globals().contains(g.getKey())) owner = u;
            }
            if (owner == null) {
                Set<String> all = new java.util.TreeSet<>();
                live.units.forEach(u -> all.addAll(u.globals()));
                throw new BpfxException.NotFound("set_values: target " + plan.name + " has no const volatile global '"
                        + g.getKey() + "' (globals: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
            }
            owner.setGlobal(g.getKey(), g.getValue());
        }
    }

    /** A program of a unit, where it goes, and the script line that said so. */
    private record Placed(LoadedUnit unit, String program, AttachTarget target, String origin) {
        Link attach() {
            return unit.attach(program, target);
        }
    }

    /** Resolves every attach_to before anything is loaded, so bad places fail fast. */
    private List<Placed> place(TargetPlan plan, LiveTarget live) {
        List<Placed> out = new ArrayList<>();
        for (TargetPlan.Attachment a : plan.attachments) {
            LoadedUnit unit = live.units.stream().filter(u -> u.hasProgram(a.program())).findFirst()
                    .orElseThrow(() -> withOrigin(new BpfxException.NotFound("attach_to: no program '" + a.program()
                            + "' in target " + plan.name + " (programs: " + String.join(", ", live.units.stream()
                            .flatMap(u -> u.programNames().stream()).toList()) + ")"), a.origin()));
            AttachKind kind = a.kind() != null ? a.kind() : plan.kind != null ? plan.kind
                    : unit.defaultKind(a.program()).orElseThrow(() -> new BpfxException.BadInput(
                    "target " + plan.name + ": cannot tell how to read '" + a.place() + "' for "
                            + unit.describeProgram(a.program()) + ": set_kind(\"tracepoint\"|\"uprobe\"|...)"));
            out.add(new Placed(unit, a.program(), parsePlace(plan, a, kind), a.origin()));
        }
        return out;
    }

    private AttachTarget parsePlace(TargetPlan plan, TargetPlan.Attachment a, AttachKind kind) {
        Map<String, Object> opts = new HashMap<>(a.opts() == null ? Map.of() : a.opts());
        if (Boolean.TRUE.equals(opts.get("retprobe"))) {
            kind = kind == AttachKind.UPROBE ? AttachKind.URETPROBE : kind == AttachKind.KPROBE ? AttachKind.KRETPROBE : kind;
        }
        if (plan.pid > 0) opts.putIfAbsent("pid", (long) plan.pid);
        try {
            return places.parse(kind, a.place(), opts, plan.defaultBinary);
        } catch (BpfxException e) {
            throw withOrigin(e, a.origin());
        }
    }

    private static BpfxException withOrigin(BpfxException e, String origin) {
        // not about the place: a missing capability is the same whatever attach_to says
        if (origin == null || e.getMessage().startsWith(origin) || e instanceof BpfxException.PermissionDenied) return e;
        BpfxException wrapped = e instanceof BpfxException.NotFound ? new BpfxException.NotFound(origin + ": " + e.getMessage())
                : e instanceof BpfxException.Ambiguous ? new BpfxException.Ambiguous(origin + ": " + e.getMessage())
                : e instanceof BpfxException.Unsupported ? new BpfxException.Unsupported(origin + ": " + e.getMessage())
                : new BpfxException.BadInput(origin + ": " + e.getMessage());
        wrapped.initCause(e);
        return wrapped;
    }

    /** Programs without attach_to attach where they say (SEC name, BCC's function names). */
    private void autoAttachRest(TargetPlan plan, LiveTarget live, List<Placed> placed) {
        for (LoadedUnit u : live.units) {
            Set<String> named = new HashSet<>();
            placed.stream().filter(p -> p.unit == u).forEach(p -> named.add(p.program));
            u.attachRest(named, plan.name, live.links::add);
        }
    }

    private void subscribe(TargetPlan plan, LiveTarget live) {
        for (TargetPlan.EventSubscription sub : plan.events) {
            BpfMap map;
            Layout.StructLayout layout;
            try {
                map = eventMap(plan, live, sub.map());
                layout = live.unitOf(map).eventLayout(map.name(), sub.type());
            } catch (BpfxException e) {
                throw withOrigin(e, sub.origin());
            }
            RecordHandler handler = sub.handlerFactory().apply(layout);
            EventSource src = map.type() == MapType.RINGBUF ? new RingBufferReader(map, handler) : new PerfBufferReader(map, handler);
            live.sources.add(src);
            if (sub.onLost() != null) lostHandlers.put(src, sub.onLost());
            loop.register(src);
        }
    }

    private static BpfMap eventMap(TargetPlan plan, LiveTarget live, String name) {
        return EventMaps.pick(n -> Optional.of(live.map(n)), live.maps(), name, new EventMaps.Errors() {
            @Override
            public BpfxException noSuchMap(String map) {
                return new BpfxException.NotFound("no map '" + map + "' in target " + plan.name);
            }

            @Override
            public BpfxException notAnEventMap(BpfMap m) {
                return new BpfxException.BadInput("on_event: map " + m.name() + " of target " + plan.name + " is a "
                        + m.type().lowerName() + " map, not a ringbuf or perf_event_array");
            }

            @Override
            public BpfxException none() {
                return new BpfxException.NotFound("on_event: target " + plan.name + " has no ringbuf or perf_event_array map");
            }

            @Override
            public BpfxException several(String names) {
                return new BpfxException.Ambiguous("on_event: target " + plan.name + " has several event maps ("
                        + names + "): name one, on_event(\"map\", fn)");
            }
        });
    }

    /**
     * Detaches a target and tells the listeners it is stopping; its maps stay readable
     * (for a summary) until {@link #stop}. Unknown, or told already: no-op.
     */
    public synchronized void detach(String name) {
        LiveTarget live = running.get(name);
        if (live == null) return;
        live.links().forEach(Link::close);
        tellStopping(name, live);
    }

    private void tellStopping(String name, LiveTarget live) {
        if (!told.add(name)) return;
        TargetPlan plan = plans.get(name);
        for (TargetListener l : listeners) l.stopping(plan, live);
    }

    /** Stops a target: detaches, closes its readers and objects. Unknown or stopped: no-op. */
    public synchronized void stop(String name) {
        LiveTarget live = running.get(name);
        if (live == null) return;
        try {
            tellStopping(name, live);
        } finally {
            running.remove(name);
            plans.remove(name);
            told.remove(name);
            unregister(live);
            live.close();
            loop.wakeup(); // a poll blocked without timeout must see that the target is gone
        }
    }

    private void unregister(LiveTarget live) {
        for (EventSource s : live.sources) {
            loop.unregister(s);
            lostHandlers.remove(s);
        }
    }

    public synchronized boolean isRunning(String name) {
        return running.containsKey(name);
    }

    public synchronized boolean anyRunning() {
        return !running.isEmpty();
    }

    public synchronized Optional<LiveTarget> target(String name) {
        return Optional.ofNullable(running.get(name));
    }

    public synchronized List<LiveTarget> targets() {
        return new ArrayList<>(running.values());
    }

    /** Delivers ready events (waiting up to {@code timeoutMs} if none) on this thread. */
    public int poll(long timeoutMs) {
        return loop.poll(timeoutMs);
    }

    /**
     * Reports what a target's event sources lost and the poll did not tell yet (it reads
     * lost counts while records flow, not when idle); on the polling thread, e.g. as it stops.
     */
    public void reportLost(String name) {
        List<EventSource> sources;
        synchronized (this) {
            LiveTarget live = running.get(name);
            if (live == null) return;
            sources = new ArrayList<>(live.sources);
        }
        for (EventSource s : sources) loop.reportLost(s);
    }

    /** Wakes a blocked poll (any thread). */
    public void wakeup() {
        loop.wakeup();
    }

    public synchronized void stopAll() {
        for (String name : new ArrayList<>(running.keySet())) {
            try {
                stop(name);
            } catch (RuntimeException ignored) {
                // keep closing the others
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        stopAll();
        closed = true;
        loop.close();
        io.bpfx.engine.build.CoreBtf.learnPending(); // after the run: a first load's minimised BTF for the next
    }
}
