package io.bpfx.dsl;

/**
 * Unwinds the REPL's current command after Ctrl-C (raised by {@code sleep}). An {@link Error}
 * like {@link ExitRequest}, so a {@code pcall} at the prompt cannot swallow it; the session
 * goes on.
 */
public final class CommandInterrupted extends Error {
    public CommandInterrupted() {
        super("interrupted", null, false, false);
    }
}
