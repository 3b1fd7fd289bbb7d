package io.bpfx.engine.session;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.AttachTarget;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfObject;
import io.bpfx.engine.BpfProgram;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.EventLoop;
import io.bpfx.engine.EventSource;
import io.bpfx.engine.Link;
import io.bpfx.engine.MapType;
import io.bpfx.engine.PerfBufferReader;
import io.bpfx.engine.RecordHandler;
import io.bpfx.engine.RingBufferReader;
import io.bpfx.engine.bcc.BccModule;
import io.bpfx.engine.btf.Layout;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.build.CompileRequest;

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
import java.util.stream.Collectors;

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
    private boolean closed;

    public Session(BpfCompiler compiler, AttachPlaces places) {
        this.compiler = compiler;
        this.places = places;
        loop.onLost((src, n) -> {
            LongConsumer h = lostHandlers.get(src);
            if (h != null) h.accept(n);
        });
    }

    public BpfCompiler compiler() {
        return compiler;
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
        LiveTarget live = new LiveTarget(plan.name);
        try {
            io.bpfx.engine.Timing.mark("start target " + plan.name);
            for (Path f : plan.files) {
                if (isBcc(plan, f)) live.bccModules.add(BccModule.compile(f, bccDefines(plan), plan.includeDirs));
                else live.objects.add(open(plan, f));
            }
            io.bpfx.engine.Timing.mark("compiled+opened");
            setGlobals(plan, live);
            List<Placed> placed = place(plan, live);
            for (BpfObject o : live.objects) o.load();
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
        return live;
    }

    private BpfObject open(TargetPlan plan, Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".bpf.c")) {
            Path obj = compiler.compile(new CompileRequest(file, plan.defines, plan.includeDirs)).object();
            BpfObject o = BpfObject.open(obj);
            return o;
        }
        if (n.endsWith(".o")) {
            return BpfObject.open(file);
        }
        throw new BpfxException.BadInput("target " + plan.name + ": don't know how to build " + file
                + " (expected *.bpf.c, *.bpf.o, or BCC *.c)");
    }

    /** BCC C: any *.c but *.bpf.c, or every *.c of a target with set_toolchains("bcc"). */
    static boolean isBcc(TargetPlan plan, Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".c") && ("bcc".equals(plan.toolchain) || !n.endsWith(".bpf.c"));
    }

    /** A target of BCC C only takes its set_values as -D defines (BCC C has no const volatile globals). */
    private static List<String> bccDefines(TargetPlan plan) {
        boolean allBcc = plan.files.stream().allMatch(f -> isBcc(plan, f));
        return allBcc ? io.bpfx.engine.bcc.BccDefines.of(plan.defines, plan.globals) : plan.defines;
    }

    private static void setGlobals(TargetPlan plan, LiveTarget live) {
        if (live.objects.isEmpty() && !live.bccModules.isEmpty()) {
            return; // passed to BCC as defines
        }
        for (Map.Entry<String, Object> g : plan.globals.entrySet()) {
            BpfObject owner = null;
            for (BpfObject o : live.objects) {
                if (o.globals().contains(g.getKey())) owner = o;
            }
            if (owner == null) {
                Set<String> all = new java.util.TreeSet<>();
                live.objects.forEach(o -> all.addAll(o.globals()));
                throw new BpfxException.NotFound("set_values: target " + plan.name + " has no const volatile global '"
                        + g.getKey() + "' (globals: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")");
            }
            owner.setGlobal(g.getKey(), g.getValue());
        }
    }

    /** A libbpf program, or a function of a BCC module, where it goes, and the script line that said so. */
    private record Placed(BpfProgram program, AttachTarget target, BccModule bcc, String function, String origin) {
        Link attach() {
            return bcc != null ? bcc.attach(function, target) : program.attach(target);
        }
    }

    /** Resolves every attach_to before anything is loaded, so bad places fail fast. */
    private List<Placed> place(TargetPlan plan, LiveTarget live) {
        List<Placed> out = new ArrayList<>();
        for (TargetPlan.Attachment a : plan.attachments) {
            BccModule bcc = live.bccModules.stream().filter(m -> m.hasFunction(a.program())).findFirst().orElse(null);
            if (bcc != null) {
                AttachKind kind = a.kind() != null ? a.kind() : plan.kind != null ? plan.kind
                        : BccModule.conventionKind(a.program()).orElseThrow(() -> new BpfxException.BadInput(
                        "target " + plan.name + ": cannot tell how to read '" + a.place() + "' for BCC function "
                                + a.program() + ": set_kind(\"tracepoint\"|\"uprobe\"|...)"));
                out.add(new Placed(null, parsePlace(plan, a, kind), bcc, a.program(), a.origin()));
                continue;
            }
            BpfProgram prog;
            try {
                prog = findProgram(live, a.program(), plan.name);
            } catch (BpfxException e) {
                throw withOrigin(e, a.origin());
            }
            AttachKind kind = a.kind() != null ? a.kind() : plan.kind != null ? plan.kind
                    : AttachKind.fromSection(prog.section()).orElseThrow(() -> new BpfxException.BadInput(
                    "target " + plan.name + ": cannot tell how to read '" + a.place() + "' for program " + prog.name()
                            + " (SEC \"" + prog.section() + "\"): set_kind(\"tracepoint\"|\"uprobe\"|...)"));
            out.add(new Placed(prog, parsePlace(plan, a, kind), null, null, a.origin()));
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

    private static BpfProgram findProgram(LiveTarget live, String name, String target) {
        for (BpfObject o : live.objects) {
            for (BpfProgram p : o.programs()) {
                if (p.name().equals(name)) return p;
            }
        }
        List<String> names = live.objects.stream().flatMap(o -> o.programs().stream()).map(BpfProgram::name)
                .collect(Collectors.toCollection(ArrayList::new));
        live.bccModules.forEach(m -> names.addAll(m.functions()));
        String all = String.join(", ", names);
        throw new BpfxException.NotFound("attach_to: no program '" + name + "' in target " + target + " (programs: " + all + ")");
    }

    /** Programs without attach_to are attached by their SEC name ("basic"). */
    private void autoAttachRest(TargetPlan plan, LiveTarget live, List<Placed> placed) {
        Set<BpfProgram> done = new HashSet<>();
        placed.forEach(p -> done.add(p.program));
        for (BpfObject o : live.objects) {
            for (BpfProgram p : o.programs()) {
                if (done.contains(p) || !p.autoload()) continue;
                if (!p.canAutoAttach()) {
                    throw new BpfxException.BadInput("target " + plan.name + ": program " + p.name() + " (SEC \""
                            + p.section() + "\") names no place to attach: add attach_to(\"" + p.name() + "\", ...)");
                }
                live.links.add(p.attach(new AttachTarget.Auto()));
            }
        }
        for (BccModule m : live.bccModules) {
            Set<String> named = new HashSet<>();
            placed.stream().filter(p -> p.bcc == m).forEach(p -> named.add(p.function));
            live.links.addAll(m.autoAttach(named));
            if (m.links().isEmpty()) {
                throw new BpfxException.BadInput("target " + plan.name + ": nothing of " + m.source() + " is attached: "
                        + "name functions as BCC does (TRACEPOINT_PROBE, RAW_TRACEPOINT_PROBE, kprobe__fn) or add "
                        + "attach_to(\"function\", ...) (functions: " + String.join(", ", m.functions()) + ")");
            }
        }
    }

    private void subscribe(TargetPlan plan, LiveTarget live) {
        for (TargetPlan.EventSubscription sub : plan.events) {
            BpfMap map;
            Layout.StructLayout layout;
            try {
                map = eventMap(plan, live, sub.map());
                layout = map.object() != null ? EventTypes.resolve(map.object(), map.name(), sub.type())
                        : bccOwner(live, map).eventLayout(map.name(), sub.type());
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

    private static BccModule bccOwner(LiveTarget live, BpfMap map) {
        for (BccModule m : live.bccModules) {
            if (m.tables().contains(map)) return m;
        }
        throw new IllegalStateException("map " + map.name() + " belongs to no object or BCC module of " + live.name());
    }

    private static BpfMap eventMap(TargetPlan plan, LiveTarget live, String name) {
        if (name != null) {
            BpfMap m = live.map(name);
            if (!m.type().isEventStream()) {
                throw new BpfxException.BadInput("on_event: map " + name + " of target " + plan.name + " is a "
                        + m.type().lowerName() + " map, not a ringbuf or perf_event_array");
            }
            return m;
        }
        List<BpfMap> streams = live.maps().stream().filter(m -> m.type().isEventStream()).collect(Collectors.toList());
        if (streams.size() == 1) return streams.get(0);
        if (streams.isEmpty()) {
            throw new BpfxException.NotFound("on_event: target " + plan.name + " has no ringbuf or perf_event_array map");
        }
        throw new BpfxException.Ambiguous("on_event: target " + plan.name + " has several event maps ("
                + streams.stream().map(BpfMap::name).collect(Collectors.joining(", ")) + "): name one, on_event(\"map\", fn)");
    }

    /** Stops a target: detaches, closes its readers and objects. Unknown or stopped: no-op. */
    public synchronized void stop(String name) {
        LiveTarget live = running.remove(name);
        if (live == null) return;
        unregister(live);
        live.close();
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
    }
}
