package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A script kept open for interactive use (the REPL). Its description scope has run and its
 * targets are declared but not started; then each chunk typed is Lua in which both scopes
 * work: {@code target(...)}, {@code add_files(...)}, {@code on_event(...)} declare (a target
 * is checked when it is run), {@code run}, {@code stop}, {@code map(...):print()},
 * {@code sleep} act. Every method except {@link #interrupt()} must be called on the thread
 * that created it: that thread owns the Lua state and runs the callbacks.
 */
public final class InteractiveSession {
    /** What the prompt knows about a target (for :targets and completion). */
    public record TargetInfo(String name, String kind, boolean running, List<String> files, int handlers) {}

    private final DslRuntime runtime;
    private final ScriptHost host;
    private int linesTyped;

    public InteractiveSession(DslRuntime runtime, ScriptHost host) {
        this.runtime = runtime;
        this.host = host;
        ScriptValidator.validate(runtime.model());
        runtime.startInteractive(host);
        host.prepare(runtime.model(), runtime.callbacks());
    }

    public ScriptModel model() {
        return runtime.model();
    }

    /**
     * Evaluates one chunk (one or more lines); returns what to echo (an expression's values,
     * formatted as print would, tab-separated), or null. Errors are one-line ScriptErrors
     * ({@code stdin:3: ...}); exit() is an {@link ExitRequest}; Ctrl-C during a sleep is a
     * {@link CommandInterrupted}.
     */
    public String eval(String code) {
        int first = linesTyped + 1;
        linesTyped += (int) code.chars().filter(c -> c == '\n').count() + 1;
        Varargs results = runtime.evalInteractive(code, first);
        if (results.narg() == 0) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= results.narg(); i++) {
            if (i > 1) sb.append('\t');
            sb.append(LuaValueFormatter.format(results.arg(i)));
        }
        return sb.toString();
    }

    /**
     * {@code :load FILE}: runs a script's top level here, declaring its targets (a ready tool's,
     * or any script's). Messages name the file as given.
     *
     * @throws io.bpfx.engine.BpfxException.NotFound  no such file
     */
    public void load(java.nio.file.Path script, String shownAs) {
        byte[] source;
        try {
            source = java.nio.file.Files.readAllBytes(script);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new io.bpfx.engine.BpfxException.NotFound("script not found: " + shownAs);
        } catch (java.io.IOException e) {
            throw new io.bpfx.engine.BpfxException("cannot read script " + shownAs + ": " + e.getMessage(), e);
        }
        runtime.loadInteractive(shownAs, script.toAbsolutePath().normalize().getParent(), source);
    }

    /** True when {@code code} is an unfinished chunk ({@code function f()} without its end). */
    public boolean isIncomplete(String code) {
        return runtime.isIncomplete(code);
    }

    /** Ctrl-C: the current command's sleep ends (the host must be woken too). Any thread. */
    public void interrupt() {
        runtime.interrupt();
    }

    /** Before each command: Ctrl-C pressed earlier does not cut the next one short. */
    public void clearInterrupt() {
        runtime.clearInterrupt();
    }

    public List<TargetInfo> targets() {
        List<TargetInfo> out = new ArrayList<>();
        for (TargetSpec t : runtime.model().targets()) {
            out.add(new TargetInfo(t.name(), t.kind().luaName(), host.isRunning(t.name()),
                    t.files().stream().map(DeclaredPath::given).toList(), t.eventHandlers().size()));
        }
        return out;
    }

    /** The kind of the target declarations go to now ("tracepoint", ...), if one is open. */
    public Optional<String> openTargetKind() {
        return runtime.openTarget().map(t -> t.kind().luaName());
    }

    /**
     * Global names (or fields of a global table, for {@code "string.fo"}) starting with
     * {@code dotted}'s last part, as completions of {@code dotted}; functions end in "(".
     * bpfx's functions and the user's globals come first: Lua's own (math, string...) only
     * when none of those match, so {@code ma} completes to {@code map(}.
     */
    public List<String> complete(String dotted) {
        LuaValue scope = runtime.globals();
        String[] parts = dotted.split("\\.", -1);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            scope = scope.get(parts[i]);
            if (!scope.istable()) return List.of();
            path.append(parts[i]).append('.');
        }
        String last = parts[parts.length - 1];
        TreeSet<String> names = new TreeSet<>();
        LuaTable table = (LuaTable) scope;
        for (LuaValue key : table.keys()) {
            if (!key.isstring() || key.isnumber()) continue;
            String name = key.tojstring();
            if (!name.startsWith(last) || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) continue;
            LuaValue v = table.get(key);
            names.add(path + name + (v.isfunction() ? "(" : v.istable() ? "." : ""));
        }
        if (parts.length == 1) {
            List<String> ours = names.stream().filter(n -> !runtime.isLuaBuiltin(n.replaceAll("[(.]$", ""))).toList();
            if (!ours.isEmpty()) return ours;
        }
        return new ArrayList<>(names);
    }
}
