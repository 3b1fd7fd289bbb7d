package io.bpfx.engine;

/**
 * Start-up phase marks, printed to stderr when BPFX_TIMING is set: milliseconds
 * since the JVM started, so "start → attached" can be taken apart.
 */
public final class Timing {
    private static final boolean ON = System.getenv("BPFX_TIMING") != null;
    private static final long JVM_START = ON ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    private Timing() {}

    public static void mark(String phase) {
        if (ON) {
            System.err.println("[timing] " + (System.currentTimeMillis() - JVM_START) + " ms " + phase);
        }
    }
}
