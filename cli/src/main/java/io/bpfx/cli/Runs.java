package io.bpfx.cli;

import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.session.Session;
import sun.misc.Signal;

import java.io.PrintStream;

/** What every command that runs targets shares: a session, signal handling, one-line errors. */
final class Runs {
    private Runs() {}

    static Session newSession(PrintStream err) {
        io.bpfx.engine.libbpf.LibbpfLog.install(); // loads libbpf now, off the script's path
        return new Session(new BpfCompiler(BpfCompiler.defaultCacheDir()),
                new AttachPlaces(() -> new UprobeLocator(LibraryResolver.system()), err::println));
    }

    /** Ctrl-C and SIGTERM call {@code onSignal} (on a signal thread) instead of killing the JVM. */
    static void onSignals(Runnable onSignal) {
        onSignals(onSignal, "INT", "TERM", "HUP");
    }

    /** Only {@code signals} (the REPL leaves INT to its terminal: Ctrl-C ends a command, not the session). */
    @SuppressWarnings("restriction")
    static void onSignals(Runnable onSignal, String... signals) {
        for (String sig : signals) {
            try {
                Signal.handle(new Signal(sig), s -> onSignal.run());
            } catch (IllegalArgumentException unavailable) {
                // e.g. INT when the JVM runs with -Xrs: the shutdown hook still cleans up
            }
        }
    }

    /** One line for a user mistake or an environment problem; no stack trace. */
    static int report(Throwable e, PrintStream err) {
        if (e instanceof io.bpfx.dsl.ScriptUsageError) {
            err.println("bpfx: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof BpfxException) {
            String msg = e.getMessage();
            err.println(msg.startsWith("bpfx") || msg.matches("^[^ :]+\\.lua:\\d+: .*") ? msg : "bpfx: " + msg);
            if (System.getenv("BPFX_DEBUG") != null) e.printStackTrace(err);
            return ExitCodes.ERROR;
        }
        // a bug of ours: say so, with the trace, so it can be reported
        err.println("bpfx: internal error: " + e);
        e.printStackTrace(err);
        return ExitCodes.ERROR;
    }
}
