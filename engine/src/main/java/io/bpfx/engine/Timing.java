package io.bpfx.engine;

/**
 * Start-up phase marks, printed to stderr when BPFX_TIMING is set: milliseconds
 * since the process started (the kernel's start time has 10 ms steps; later marks are
 * nanoTime-exact against each other), so "start → attached" can be taken apart.
 * A mark made off the main thread names its thread.
 */
public final class Timing {
    private static final boolean ON = System.getenv("BPFX_TIMING") != null;
    // not the RuntimeMXBean: loading the management classes cost ~35 ms inside the first mark
    private static final long JVM_START = ON ? processStartMillis() : 0;
    /** currentTimeMillis has a millisecond step: later marks count from one nanoTime base. */
    private static final long BASE_MS = ON ? System.currentTimeMillis() - JVM_START : 0;
    private static final long BASE_NANOS = System.nanoTime();

    private Timing() {}

    /** The process's start from /proc (ProcessHandle's is in whole seconds): now − (uptime − starttime). */
    private static long processStartMillis() {
        long now = System.currentTimeMillis();
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22, counted after "pid (comm) "
            String up = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            double uptime = Double.parseDouble(up.substring(0, up.indexOf(' ')));
            return now - Math.round(uptime * 1000 - startTicks * 10.0); // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return now;
        }
    }

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
