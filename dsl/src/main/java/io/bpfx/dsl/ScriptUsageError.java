package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;

/** A command-line word the script's declared options do not accept: usage error, exit code 2. */
public final class ScriptUsageError extends BpfxException {
    public ScriptUsageError(String message) {
        super(message);
    }
}
