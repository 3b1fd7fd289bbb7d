package io.bpfx.dsl;

/**
 * What the script scope needs from the engine; the CLI implements it over bpfx-engine, tests
 * with a recording double. Every method is called on the Lua thread (the one that called
 * {@link ScriptRunner#run}); errors are {@link io.bpfx.engine.BpfxException}s with a one-line
 * message, which the DSL prefixes with the Lua line that caused them.
 *
 * <p>Callbacks: the host runs the target's {@link TargetSpec#eventHandlers()},
 * {@link TargetSpec#lostHandler()} and {@link TargetSpec#stopHandler()} through
 * {@link LuaCallbacks#invoke}, only from inside {@link #sleep} (events), {@link #stop} and
 * {@link #exit} (on_stop), never concurrently. {@link ExitRequest} and {@link ScriptError}
 * thrown by a callback must propagate out of the host call unchanged.
 */
public interface ScriptHost {

    /**
     * Called once, after the description scope and validation, before {@code entry}: the
     * declared targets, and the way to run their Lua callbacks.
     */
    void prepare(ScriptModel model, LuaCallbacks callbacks);

    /** Compile if needed, load and attach target {@code target}; returns once attached. */
    void run(String target);

    /** Detach and close {@code target}, running its on_stop; allowed inside the target's own callbacks. */
    void stop(String target);

    boolean isRunning(String target);

    boolean anyRunning();

    /** Waits {@code ms} milliseconds while dispatching events to Lua callbacks on THIS thread. */
    void sleep(long ms);

    /**
     * The runner's wait between its checks (run over? targets left?): dispatches events for up
     * to {@code ms} ({@code Long.MAX_VALUE}: no deadline) and may return early, at the latest
     * when a target stopped or {@link #wake()} was called. The default waits 100 ms slices.
     */
    default void awaitEnd(long ms) {
        sleep(Math.min(100, ms));
    }

    /** Makes a running {@link #awaitEnd} return soon; any thread (the runner was interrupted). */
    default void wake() {
    }

    /**
     * A view of map {@code mapName} of {@code target}; {@code target == null} searches every
     * running target, and several matches is a {@link io.bpfx.engine.BpfxException.Ambiguous}.
     */
    MapView map(String target, String mapName);

    /**
     * Stops every running target (running their on_stop hooks); idempotent. Called by Lua's
     * {@code exit(code)} just before the DSL unwinds with {@link ExitRequest}, and by the runner
     * when the run ends with targets still running (duration reached, interrupted).
     */
    void exit(int code);

    /**
     * {@code run(name, values)}: {@code const volatile} globals for this target that override
     * its set_values, known only in the script scope (e.g. a pid from entry's arguments).
     */
    default void overrideValues(String target, java.util.Map<String, Object> values) {
        throw new io.bpfx.engine.BpfxException.Unsupported("run(name, values) is not supported by this host");
    }

    /**
     * {@code attach(target, program, place [, opts])}: attach_to from the script scope, for
     * places known only at run time; before the target runs. The kind is the target's, or
     * the program's SEC name's.
     */
    default void addAttachment(String target, String program, String place, java.util.Map<String, Object> opts,
                               String origin) {
        throw new io.bpfx.engine.BpfxException.Unsupported("attach() is not supported by this host");
    }

    /** {@code features()}: what this machine can run, each fact probed (engine {@code Features}). */
    default java.util.List<io.bpfx.engine.system.Feature> features() {
        throw new io.bpfx.engine.BpfxException.Unsupported("features() is not supported by this host");
    }

    /** {@code progs()}: every BPF program on the machine. */
    default java.util.List<io.bpfx.engine.system.BpfSystem.ProgramEntry> progs() {
        throw new io.bpfx.engine.BpfxException.Unsupported("progs() is not supported by this host");
    }

    /** {@code maps()}: every BPF map on the machine. */
    default java.util.List<io.bpfx.engine.system.BpfSystem.MapEntry> maps() {
        throw new io.bpfx.engine.BpfxException.Unsupported("maps() is not supported by this host");
    }

    /** {@code map_by_id(id)}: any map on the machine, typed through its BTF; the host closes it at exit. */
    default MapView mapById(long id) {
        throw new io.bpfx.engine.BpfxException.Unsupported("map_by_id() is not supported by this host");
    }
}
