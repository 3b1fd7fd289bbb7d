package io.bpfx.engine.libbpf;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * Routes libbpf's log into Java. libbpf prints on the thread that called
 * it, so each thread captures its own lines: a failed open/load/attach
 * reads back what libbpf said (the verifier log among it) to build a one-line
 * error. With BPFX_DEBUG set the lines also go to stderr.
 */
public final class LibbpfLog {
    public static final int WARN = 0, INFO = 1, DEBUG = 2;

    private static final boolean ECHO = System.getenv("BPFX_DEBUG") != null;
    private static final ThreadLocal<StringBuilder> CAPTURE = ThreadLocal.withInitial(StringBuilder::new);
    /** libbpf's DEBUG lines, kept apart (so error lines read as before) while {@link #captureDebug} is on. */
    private static final ThreadLocal<StringBuilder> DEBUG_LINES = new ThreadLocal<>();
    /** Strong reference: libbpf keeps only the function pointer. */
    private static final LibBpf.PrintFn PRINT = LibbpfLog::print;
    private static volatile boolean installed;
    /** What {@link #installInBackground()} failed with, for the next {@link #install()} to throw. */
    private static Throwable backgroundFailure;

    private LibbpfLog() {}

    /** Installs the print callback once per process. */
    public static synchronized void install() {
        if (!installed && backgroundFailure != null) {
            // the first caller in the foreground gets the real cause, not a later NoClassDefFoundError
            Throwable t = backgroundFailure;
            backgroundFailure = null;
            if (t instanceof Error e) throw e;
            throw (RuntimeException) t;
        }
        if (!installed) {
            io.bpfx.engine.Timing.mark("binding libbpf");
            LibBpf.INSTANCE.libbpf_set_print(PRINT);
            io.bpfx.engine.Timing.mark("libbpf bound");
            installed = true;
        }
    }

    /**
     * Starts {@link #install()} (binding libbpf through JNA: ~50-100 ms on a small VM) on a
     * daemon thread, so it overlaps whatever the caller does next; the first libbpf call waits
     * for it. The earlier a command calls this, the less of it anyone waits for.
     */
    public static void installInBackground() {
        Thread t = new Thread(() -> {
            try {
                install();
            } catch (RuntimeException | Error e) {
                synchronized (LibbpfLog.class) {
                    backgroundFailure = e;
                }
            }
        }, "bpfx-libbpf-bind");
        t.setDaemon(true);
        t.start();
    }

    /** Forgets what this thread captured so far. */
    public static void reset() {
        CAPTURE.get().setLength(0);
    }

    /**
     * Keeps libbpf's DEBUG lines on this thread (CO-RE relocation results among them) until
     * {@link #endDebug()}; otherwise they are dropped before they are even formatted.
     */
    public static void captureDebug() {
        DEBUG_LINES.set(new StringBuilder());
    }

    /** Stops keeping DEBUG lines on this thread and returns those kept since {@link #captureDebug()}. */
    public static String endDebug() {
        StringBuilder sb = DEBUG_LINES.get();
        DEBUG_LINES.remove();
        return sb == null ? "" : sb.toString();
    }

    /** What libbpf said on this thread since the last {@link #reset()}. */
    public static String captured() {
        return CAPTURE.get().toString();
    }

    private static int print(int level, Pointer format, Pointer vaList) {
        StringBuilder debug = level > INFO ? DEBUG_LINES.get() : null;
        if (level > INFO && debug == null && !ECHO) {
            return 0; // libbpf says a lot at DEBUG on every load: formatting it all costs start-up time
        }
        // va_list on x86_64 is a pointer to the register save area: vsnprintf consumes it once
        byte[] buf = new byte[4096];
        int n = LibC.INSTANCE.vsnprintf(buf, buf.length, format, vaList);
        if (n < 0) {
            return 0;
        }
        String line = new String(buf, 0, Math.min(n, buf.length - 1), StandardCharsets.UTF_8);
        if (debug != null) {
            if (debug.length() < 1 << 20) debug.append(line);
        } else if (level <= INFO || ECHO) {
            StringBuilder sb = CAPTURE.get();
            if (sb.length() < 1 << 20) { // verifier logs can be huge; keep the first MiB
                sb.append(line);
            }
        }
        if (ECHO) {
            System.err.print(line);
        }
        return 0;
    }
}
