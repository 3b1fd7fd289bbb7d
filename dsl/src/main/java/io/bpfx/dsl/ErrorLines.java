package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;

/**
 * The one line bpfx shows for an error: a user mistake or an environment problem as its
 * message (prefixed {@code bpfx: } unless it already names a script line), a bug of ours as
 * {@code bpfx: internal error: ...}. {@code bpfx run} prints it; {@code bpfx serve} answers it.
 */
public final class ErrorLines {
    private ErrorLines() {}

    public static boolean isUserError(Throwable e) {
        return e instanceof BpfxException;
    }

    public static String of(Throwable e) {
        if (e instanceof BpfxException) {
            String msg = e.getMessage();
            return msg.startsWith("bpfx") || msg.matches("^[^ :]+\\.lua:\\d+: .*") ? msg : "bpfx: " + msg;
        }
        return "bpfx: internal error: " + e;
    }
}
