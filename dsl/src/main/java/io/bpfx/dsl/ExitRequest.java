package io.bpfx.dsl;

/**
 * Unwinds Lua after {@code exit([code])} (or when {@code --duration} runs out inside a
 * {@code sleep}). It is an {@link Error}, not an exception, because LuaJ's {@code pcall} catches
 * every {@link Exception}: a script's {@code pcall} must not swallow the end of the run. Hosts
 * must let it pass through {@link ScriptHost#sleep}; {@link ScriptRunner} turns it into the
 * process exit code.
 */
public final class ExitRequest extends Error {
    private final int code;

    public ExitRequest(int code) {
        super("exit(" + code + ")", null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
