package io.bpfx.dsl;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.Link;
import io.bpfx.engine.RecordHandler;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.btf.LayoutDecoder;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.TargetPlan;
import org.luaj.vm2.LuaFunction;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link ScriptHost} over bpfx-engine: turns a script's targets into
 * engine plans, starts and stops them in a {@link Session}, and runs the
 * Lua callbacks for their events on the script's thread while it sleeps.
 */
public final class EngineHost implements ScriptHost {
    private final Map<Long, io.bpfx.engine.system.KernelMap> byId = new HashMap<>();
    /** What the command line adds to every target. */
    public record Options(int pid, boolean verbose) {
        public static Options defaults() {
            return new Options(0, false);
        }
    }

    private final Session session;
    private final Options options;
    private final PrintStream err;
    private final LuaValues luaValues = new LuaValues();
    private final Map<String, List<TargetPlan.Attachment>> extraAttachments = new HashMap<>();
    private final Map<String, Map<String, Object>> extraValues = new HashMap<>();
    private final Set<String> stopping = new HashSet<>();
    private ScriptModel model;
    private LuaCallbacks callbacks;
    private volatile boolean interrupted;

    public EngineHost(Session session, Options options, PrintStream err) {
        this.session = session;
        this.options = options;
        this.err = err;
    }

    public Session session() {
        return session;
    }

    @Override
    public void prepare(ScriptModel model, LuaCallbacks callbacks) {
        this.model = model;
        this.callbacks = callbacks;
    }

    /** Script-scope attach(): adds a place for a program before its target runs. */
    public void addAttachment(String target, String program, String place, Map<String, Object> opts, String origin) {
        spec(target);
        if (session.isRunning(target)) {
            throw new BpfxException.BadInput("attach(): target " + target + " is already running; attach before run()");
        }
        extraAttachments.computeIfAbsent(target, t -> new ArrayList<>())
                .add(new TargetPlan.Attachment(program, null, place, opts, origin));
    }

    /** run(name, values): globals that override set_values for this run of the target. */
    public void overrideValues(String target, Map<String, Object> values) {
        spec(target);
        extraValues.computeIfAbsent(target, t -> new LinkedHashMap<>()).putAll(values);
    }

    private TargetSpec spec(String name) {
        return model.target(name).orElseThrow(() -> new BpfxException.NotFound("unknown target '" + name
                + "' (targets: " + String.join(", ", model.targetNames()) + ")"));
    }

    @Override
    public void run(String target) {
        TargetSpec spec = spec(target);
        if (session.isRunning(target)) {
            return; // running already: run() is idempotent, like xmake's
        }
        LiveTarget live = session.start(plan(spec, options, this));
        err.println("Attaching " + live.probeCount() + " probe" + (live.probeCount() == 1 ? "" : "s")
                + " (" + target + ")...");
        if (options.verbose()) {
            for (Link l : live.links()) err.println("  " + l);
        }
    }

    /**
     * Every target of a script as an engine plan, without event handlers: for checks
     * before anything runs (the exporter reads the metrics against the objects).
     */
    public static List<TargetPlan> plans(ScriptModel model) {
        return model.targets().stream().map(t -> plan(t, Options.defaults(), null)).toList();
    }

    /** The target's plan; {@code host} null: no handlers nor run-time additions (a plan for checks). */
    static TargetPlan plan(TargetSpec spec, Options options, EngineHost host) {
        TargetPlan plan = new TargetPlan(spec.name());
        spec.files().forEach(f -> plan.files.add(f.path()));
        plan.defines.addAll(spec.defines());
        spec.includeDirs().forEach(d -> plan.includeDirs.add(d.path()));
        plan.globals.putAll(spec.values());
        if (host != null) plan.globals.putAll(host.extraValues.getOrDefault(spec.name(), Map.of()));
        plan.kind = spec.kind() == TargetKind.BASIC ? null
                : AttachKind.parse(spec.kind().luaName()).orElseThrow();
        plan.defaultBinary = spec.binary().orElse(null);
        plan.pid = options.pid();
        plan.toolchain = spec.toolchain().orElse(null);
        for (Attachment a : spec.attachments()) {
            TargetKind kind = a.kind(spec.kind());
            plan.attachments.add(new TargetPlan.Attachment(a.program(), kind == spec.kind() ? null
                    : AttachKind.parse(kind.luaName()).orElseThrow(), a.place(), a.options(), a.location().toString()));
        }
        if (host != null) plan.attachments.addAll(host.extraAttachments.getOrDefault(spec.name(), List.of()));
        for (EventHandler h : spec.eventHandlers()) {
            plan.events.add(new TargetPlan.EventSubscription(h.map().orElse(null), h.type().orElse(null),
                    host == null ? null : layout -> host.eventHandler(h.function(), layout),
                    host == null ? null : n -> host.lost(spec, n), h.location().toString()));
        }
        for (MetricTable m : spec.metrics()) {
            plan.metrics.add(new TargetPlan.Metric(m.definition(), m.location().toString()));
        }
        return plan;
    }

    private RecordHandler eventHandler(LuaFunction fn, Layout layout) {
        LazyEventTable.Shape shape = new LazyEventTable.Shape(LayoutDecoder.of(layout));
        int size = layout.size();
        if (EventEscape.cannotKeep(fn)) {
            // the callback only reads fields: one table for every record, read in place
            EventView view = new EventView(shape, luaValues, size);
            return (buf, off, len) -> {
                view.attach(buf, off, len);
                try {
                    callbacks.invokeEvent(fn, view);
                } finally {
                    view.detach();
                }
            };
        }
        return (buf, off, len) -> {
            // copy: the ring buffer slot is reused once this returns, the table may live on
            byte[] record = new byte[size];
            buf.get(off, record, 0, Math.min(size, len));
            callbacks.invokeEvent(fn, new LazyEventTable(record, shape, luaValues));
        };
    }

    private void lost(TargetSpec spec, long n) {
        Optional<Callback> cb = spec.lostHandler();
        if (cb.isPresent()) {
            callbacks.invoke(cb.get().function(), n);
        } else {
            err.println("bpfx: " + spec.name() + ": lost " + n + " events");
        }
    }

    @Override
    public void stop(String target) {
        TargetSpec spec = spec(target);
        Optional<LiveTarget> live = session.target(target);
        // stopping already: stop() or exit() from its own on_stop must not run on_stop again
        if (live.isEmpty() || !stopping.add(target)) return;
        try {
            // detach first so the summary sees final numbers; maps stay readable for on_stop
            session.detach(target);
            session.reportLost(target); // on_lost before on_stop, with the last drops counted
            Optional<Callback> onStop = spec.stopHandler();
            if (onStop.isPresent()) callbacks.invoke(onStop.get().function());
        } finally {
            try {
                session.stop(target);
            } finally {
                stopping.remove(target);
            }
        }
    }

    @Override
    public boolean isRunning(String target) {
        return session.isRunning(target);
    }

    /**
     * Whether a target of this host's script runs. Only its own: a session may also run the
     * targets of another host (run_file() beside a script or the REPL).
     */
    @Override
    public boolean anyRunning() {
        for (LiveTarget t : session.targets()) {
            if (owns(t)) return true;
        }
        return false;
    }

    private boolean owns(LiveTarget t) {
        return model == null || model.target(t.name()).isPresent();
    }

    @Override
    public void sleep(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!interrupted) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                session.poll(0); // deliver what is ready even for sleep(0)
                return;
            }
            session.poll(left);
        }
    }

    /**
     * One wait of the event loop, as long as {@code ms} when nothing happens: records, a stopped
     * target ({@link Session#stop} wakes the loop) and {@link #wake()} end it early.
     */
    @Override
    public void awaitEnd(long ms) {
        if (!interrupted) session.poll(Math.max(0, ms));
    }

    @Override
    public void wake() {
        session.wakeup();
    }

    /** Ends sleeps early (Ctrl-C / SIGTERM); safe from any thread. */
    public void interrupt() {
        interrupted = true;
        session.wakeup();
    }

    /** True once {@link #interrupt()} was called (and not cleared). */
    public boolean isInterrupted() {
        return interrupted;
    }

    /** Lets sleeps wait again (the REPL: Ctrl-C cuts one command short, not the session). */
    public void clearInterrupt() {
        interrupted = false;
    }

    @Override
    public MapView map(String target, String mapName) {
        if (target != null) {
            LiveTarget live = session.target(target).orElseThrow(() -> notRunning(target));
            return new EngineMapView(live.map(mapName));
        }
        List<BpfMap> found = new ArrayList<>();
        for (LiveTarget t : session.targets()) {
            t.maps().stream().filter(m -> m.name().equals(mapName)).forEach(found::add);
        }
        if (found.size() == 1) return new EngineMapView(found.get(0));
        if (found.isEmpty()) {
            throw new BpfxException.NotFound("no map '" + mapName + "' in any running target (running: "
                    + session.targets().stream().map(LiveTarget::name).collect(Collectors.joining(", ")) + ")");
        }
        throw new BpfxException.Ambiguous("map '" + mapName + "' is in several running targets ("
                + found.stream().map(m -> m.object() != null ? m.object().name() : m.name()).collect(Collectors.joining(", "))
                + "): write map(\"target\", \"" + mapName + "\")");
    }

    @Override
    public List<io.bpfx.engine.system.Feature> features() {
        return io.bpfx.engine.system.Features.probe().all();
    }

    @Override
    public List<io.bpfx.engine.system.BpfSystem.ProgramEntry> progs() {
        return io.bpfx.engine.system.BpfSystem.programs();
    }

    @Override
    public List<io.bpfx.engine.system.BpfSystem.MapEntry> maps() {
        return io.bpfx.engine.system.BpfSystem.maps();
    }

    /** One fd per id for the whole run, closed by {@link #exit}. */
    @Override
    public synchronized MapView mapById(long id) {
        io.bpfx.engine.system.KernelMap m = byId.get(id);
        if (m == null) {
            m = io.bpfx.engine.system.KernelMap.open(id);
            byId.put(id, m);
        }
        return new EngineMapView(m.map());
    }

    private BpfxException notRunning(String target) {
        spec(target);
        return new BpfxException.BadInput("target " + target + " is not running: run(\"" + target + "\") first");
    }

    @Override
    public void exit(int code) {
        synchronized (this) {
            byId.values().forEach(io.bpfx.engine.system.KernelMap::close);
            byId.clear();
        }
        RuntimeException first = null;
        ExitRequest exitFromOnStop = null;
        for (LiveTarget t : session.targets()) {
            if (!owns(t)) continue;
            try {
                stop(t.name());
            } catch (RuntimeException e) {
                if (first == null) first = e;
            } catch (ExitRequest e) {
                // exit() in an on_stop hook: the other targets still stop, with their hooks
                if (exitFromOnStop == null) exitFromOnStop = e;
            }
        }
        if (first != null) throw first;
        if (exitFromOnStop != null) throw exitFromOnStop;
    }
}
