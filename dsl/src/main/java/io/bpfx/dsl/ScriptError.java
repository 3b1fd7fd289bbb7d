package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import java.util.Optional;

/**
 * An error in a script: syntax, runtime, wrong scope, bad argument, or an engine error raised
 * while a Lua line ran. The message is one line, {@code tracer.lua:12: message}, printed as is;
 * the cause is the engine's {@link BpfxException} when there is one, so a CLI can pick an exit
 * code by its type.
 */
public class ScriptError extends BpfxException.InScript {
    private final transient SourceLocation location;

    public ScriptError(String message, SourceLocation location, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    public ScriptError(String message, SourceLocation location) {
        super(message);
        this.location = location;
    }

    /** The script line the message starts with, when Lua knew it. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }
}
