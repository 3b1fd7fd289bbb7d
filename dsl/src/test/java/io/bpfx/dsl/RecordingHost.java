package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ScriptHost test double: records every call in order, keeps a running set, and during
 * sleep() delivers queued events to the targets' on_event handlers (as the real host does,
 * on the calling thread, through LuaCallbacks).
 */
class RecordingHost implements ScriptHost {
    final List<String> calls = new ArrayList<>();
    final Set<String> running = new LinkedHashSet<>();
    final Map<String, MapView> maps = new HashMap<>();
    final Map<String, BpfxException> failures = new HashMap<>();
    private final Deque<Object[]> events = new ArrayDeque<>();
    ScriptModel model;
    LuaCallbacks callbacks;
    /** When false, run() does not mark targets running, so the wait loop ends at once. */
    boolean keepRunning = true;
    /** When true, sleep() really waits (for --duration tests). */
    boolean realSleep;
    /** Runs at every sleep(), e.g. to interrupt the runner as a signal handler would. */
    Runnable onSleep = () -> { };

    /** Queues {@code event} for target's handler, delivered by the next sleep(). */
    void queueEvent(String target, Map<String, Object> event) {
        events.add(new Object[] {target, event});
    }

    @Override
    public void prepare(ScriptModel model, LuaCallbacks callbacks) {
        this.model = model;
        this.callbacks = callbacks;
        calls.add("prepare");
    }

    @Override
    public void run(String target) {
        calls.add("run " + target);
        BpfxException failure = failures.get(target);
        if (failure != null) {
            throw failure;
        }
        if (keepRunning) {
            running.add(target);
        }
    }

    @Override
    public void stop(String target) {
        calls.add("stop " + target);
        if (running.remove(target)) {
            model.target(target).orElseThrow().stopHandler().ifPresent(h -> callbacks.invoke(h.function()));
        }
    }

    @Override
    public boolean isRunning(String target) {
        return running.contains(target);
    }

    @Override
    public boolean anyRunning() {
        return !running.isEmpty();
    }

    @Override
    public void sleep(long ms) {
        calls.add("sleep " + ms);
        onSleep.run();
        if (realSleep) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (!events.isEmpty()) {
            Object[] event = events.poll();
            String target = (String) event[0];
            for (EventHandler handler : model.target(target).orElseThrow().eventHandlers()) {
                callbacks.invoke(handler.function(), event[1]);
            }
        }
    }

    @Override
    public MapView map(String target, String mapName) {
        calls.add("map " + target + " " + mapName);
        MapView view = maps.get(mapName);
        if (view == null) {
            throw new BpfxException.NotFound("no map named " + mapName + " in running targets");
        }
        return view;
    }

    @Override
    public MapView mapById(long id) {
        calls.add("map_by_id " + id);
        MapView view = maps.get("#" + id);
        if (view == null) {
            throw new BpfxException.NotFound("no BPF map with id " + id + " (bpfx maps lists them)");
        }
        return view;
    }

    final List<io.bpfx.engine.system.Feature> features = new java.util.ArrayList<>();
    final List<io.bpfx.engine.system.BpfSystem.ProgramEntry> progs = new java.util.ArrayList<>();
    final List<io.bpfx.engine.system.BpfSystem.MapEntry> systemMaps = new java.util.ArrayList<>();

    @Override
    public List<io.bpfx.engine.system.Feature> features() {
        calls.add("features");
        return features;
    }

    @Override
    public List<io.bpfx.engine.system.BpfSystem.ProgramEntry> progs() {
        calls.add("progs");
        return progs;
    }

    @Override
    public List<io.bpfx.engine.system.BpfSystem.MapEntry> maps() {
        calls.add("maps");
        return systemMaps;
    }

    @Override
    public void exit(int code) {
        calls.add("exit " + code);
        for (String target : List.copyOf(running)) {
            stop(target);
        }
    }
}
