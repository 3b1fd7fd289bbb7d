package io.bpfx.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.luaj.vm2.LuaFunction;

/**
 * What a script's description scope declared: its targets in declaration order and the
 * optional {@code entry} function. Plain Java except for the stored Lua callbacks, which the
 * host hands back to {@link LuaCallbacks} to run.
 */
public final class ScriptModel {
    private final String chunkName;
    private final Path scriptDir;
    private final Map<String, TargetSpec> targets = new LinkedHashMap<>();
    private final List<ScriptOption> options = new ArrayList<>();
    private String description;
    private Callback entry;
    private boolean frozen;

    ScriptModel(String chunkName, Path scriptDir) {
        this.chunkName = chunkName;
        this.scriptDir = scriptDir;
    }

    /** The script as the user named it; also the chunk name every message starts with. */
    public String scriptName() {
        return chunkName;
    }

    /** Absolute directory relative paths in the script are resolved against. */
    public Path scriptDir() {
        return scriptDir;
    }

    /** In declaration order (the order the default entry runs them in). */
    public List<TargetSpec> targets() {
        return List.copyOf(targets.values());
    }

    public Optional<TargetSpec> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    public List<String> targetNames() {
        return new ArrayList<>(targets.keySet());
    }

    /** {@code entry(fn)}; empty means the default entry: run every target in order. */
    public Optional<LuaFunction> entry() {
        return entry == null ? Optional.empty() : Optional.of(entry.function());
    }

    public Optional<SourceLocation> entryLocation() {
        return entry == null ? Optional.empty() : Optional.of(entry.location());
    }

    /** {@code set_description(text)}, or null. */
    public String description() {
        return description;
    }

    /** {@code add_option{...}} in declaration order. */
    public List<ScriptOption> options() {
        return List.copyOf(options);
    }

    // ---- description scope only ----

    void setDescription(String text) {
        checkOpen();
        description = text;
    }

    void addOption(ScriptOption option) {
        checkOpen();
        options.add(option);
    }

    /** Opens {@code name}, creating it on first use; re-opening returns the existing target. */
    TargetSpec openTarget(String name, SourceLocation where) {
        checkOpen();
        return targets.computeIfAbsent(name, n -> new TargetSpec(n, where));
    }

    void setEntry(Callback entry) {
        checkOpen();
        this.entry = entry;
    }

    void freeze() {
        frozen = true;
        targets.values().forEach(TargetSpec::freeze);
    }

    /** The REPL: declarations go on at the prompt after the script's description scope. */
    void reopen() {
        frozen = false;
        targets.values().forEach(TargetSpec::reopen);
    }

    boolean isFrozen() {
        return frozen;
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException("the description scope of " + chunkName + " is over");
        }
    }
}
