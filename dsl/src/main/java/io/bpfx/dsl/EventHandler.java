package io.bpfx.dsl;

import java.util.Optional;
import org.luaj.vm2.LuaFunction;

/**
 * One {@code on_event([map,] fn [, opts])}. {@code mapName} is null when the script relies on
 * the target's only ring buffer / perf event array; {@code recordType} is {@code opts.type},
 * null when the engine should find the record struct itself.
 */
public record EventHandler(String mapName, LuaFunction function, String recordType, SourceLocation location) {

    public Optional<String> map() {
        return Optional.ofNullable(mapName);
    }

    public Optional<String> type() {
        return Optional.ofNullable(recordType);
    }
}
