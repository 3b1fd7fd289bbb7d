package io.bpfx.dsl;

import org.luaj.vm2.LuaFunction;

/** A Lua function a script registered ({@code on_lost}, {@code on_stop}, {@code entry}) and where. */
public record Callback(LuaFunction function, SourceLocation location) {
}
