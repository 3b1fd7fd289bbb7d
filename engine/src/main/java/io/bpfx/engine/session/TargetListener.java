package io.bpfx.engine.session;

/**
 * Told when a {@link Session}'s targets start and stop (the exporter registers
 * their metrics). Called on the thread that starts or stops the target.
 */
public interface TargetListener {
    /**
     * Before the target is compiled and loaded: the plan may be extended (e.g. an event
     * subscription that feeds event-counted metrics, or one wrapping the script's own handlers).
     */
    default void planning(TargetPlan plan) {
    }

    /** The target is loaded and attached. */
    void started(TargetPlan plan, LiveTarget live);

    /** The target is about to be freed: its links are closed, its maps still readable. */
    void stopping(TargetPlan plan, LiveTarget live);
}
