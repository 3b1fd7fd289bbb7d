package io.bpfx.exporter.serve;

/** Where a run is in its life; the arrows are the only moves {@link Run} allows. */
public enum RunState {
    /** loading, compiling, attaching → RUNNING, or gone (refused) */
    STARTING,
    /** attached → STOPPING, ENDED, FAILED */
    RUNNING,
    /** DELETE asked, detaching and on_stop → ENDED, FAILED */
    STOPPING,
    /** ended normally: stopped, exit(), its targets done; nothing attached */
    ENDED,
    /** ended by an error (a Lua error, a crash); nothing attached */
    FAILED;

    public boolean active() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean canMoveTo(RunState next) {
        return switch (this) {
            case STARTING -> next == RUNNING || next == ENDED || next == FAILED;
            case RUNNING -> next == STOPPING || next == ENDED || next == FAILED;
            case STOPPING -> next == ENDED || next == FAILED;
            case ENDED, FAILED -> false;
        };
    }
}
