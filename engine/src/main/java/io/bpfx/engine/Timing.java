package io.bpfx.engine;

/**
 * Start-up phase marks, printed to stderr when BPFX_TIMING is set: milliseconds
 * since the JVM started (to a tenth), so "start → attached" can be taken apart.
 * A mark made off the main thread names its thread.
 */
public final class Timing {
    private static final boolean ON = System.getenv("BPFX_TIMING") != null;
    private static final long JVM_START = ON ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;
    /** currentTimeMillis has a millisecond step: later marks count from one nanoTime base. */
    private static final long BASE_MS = ON ? System.currentTimeMillis() - JVM_START : 0;
    private static final long BASE_NANOS = System.nanoTime();

    private Timing() {}

    public static void mark(String phase) {
        if (ON) {
            long tenths = BASE_MS * 10 + (System.nanoTime() - BASE_NANOS) / 100_000;
            String thread = Thread.currentThread().getName();
            // no String.format: its first use costs more than the steps it would time
            System.err.println("[timing] " + tenths / 10 + "." + tenths % 10 + " ms " + phase
                    + ("main".equals(thread) ? "" : " [" + thread + "]"));
        }
    }
}
