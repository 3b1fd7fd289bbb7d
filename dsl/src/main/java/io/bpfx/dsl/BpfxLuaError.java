package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import org.luaj.vm2.LuaError;

/**
 * An engine (or nested callback) error crossing back into Lua. LuaJ would wrap it as
 * "vm error: io.bpfx.engine.BpfxException: ..."; this keeps the plain message for a script's
 * pcall and the exception as cause, which {@link LuaErrorTranslator} reports unchanged.
 */
final class BpfxLuaError extends LuaError {

    BpfxLuaError(BpfxException error) {
        super(error instanceof ScriptError ? error.getMessage() : LuaErrorTranslator.oneLine(error.getMessage()));
        this.cause = error;
    }
}
