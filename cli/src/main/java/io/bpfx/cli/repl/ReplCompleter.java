package io.bpfx.cli.repl;

import io.bpfx.dsl.InteractiveSession.TargetInfo;
import io.bpfx.dsl.TargetKind;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tab at the prompt. Names come from the Lua state (asked on the Lua thread, see
 * {@link LuaThread}); what a string argument can be depends on the call it is in: target
 * names for run/stop/target, map names for map, files for add_files, kinds for set_kind, and
 * attach places by the target's kind — tracepoints from tracefs, kernel functions from
 * kallsyms, a binary's symbols after {@code "/usr/bin/bash:}. Any other string that looks like
 * a place ({@code "syscalls:sys_enter_op}, {@code "/usr/bin/bash:read}) completes as one too.
 */
final class ReplCompleter implements Completer {
    /** What the completer needs from the Lua thread, read there in one go. */
    record State(List<TargetInfo> targets, String openKind, Map<String, List<String>> maps) {}

    interface Source {
        State state();

        List<String> globals(String dotted);

        List<String> helpNames();

        List<String> tools();

        Path baseDir();
    }

    static final List<String> COMMANDS = List.of(":targets", ":maps", ":load ", ":help", ":quit", "help");
    private static final Set<String> TARGET_ARG = Set.of("run", "stop", "target");
    private static final Set<String> FILE_ARG = Set.of("add_files", "add_includedirs", "set_binary", "dofile", "require");

    private final Source source;
    private final Places places = new Places();

    ReplCompleter(Source source) {
        this.source = source;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        TypedContext ctx = TypedContext.of(line.line().substring(0, line.cursor()));
        for (String value : candidates(ctx)) {
            boolean done = !(value.endsWith("(") || value.endsWith(".") || value.endsWith(":") || value.endsWith("/")
                    || value.endsWith(" ") || ctx.kind() == TypedContext.Kind.STRING);
            candidates.add(new Candidate(value, value, null, null, null, null, done));
        }
    }

    List<String> candidates(TypedContext ctx) {
        String w = ctx.word();
        return switch (ctx.kind()) {
            case COMMAND -> switch (ctx.function()) {
                case "" -> COMMANDS.stream().filter(c -> c.startsWith(w)).toList();
                case "help", ":help" -> source.helpNames().stream().filter(n -> n.startsWith(w)).toList();
                case ":load" -> {
                    List<String> out = new ArrayList<>(source.tools().stream().filter(n -> n.startsWith(w)).toList());
                    out.addAll(Places.files(w, source.baseDir()));
                    yield out;
                }
                default -> List.of();
            };
            case NAME -> source.globals(w);
            case STRING -> stringCandidates(ctx);
        };
    }

    private List<String> stringCandidates(TypedContext ctx) {
        String w = ctx.word();
        String fn = ctx.function();
        int arg = ctx.argument();
        if (TARGET_ARG.contains(fn) && arg == 1 || fn.equals("attach") && arg == 1) {
            return source.state().targets().stream().map(TargetInfo::name).filter(n -> n.startsWith(w)).toList();
        }
        if (fn.equals("map")) {
            State s = source.state();
            List<String> out = new ArrayList<>();
            if (arg == 1) {
                s.maps().values().forEach(out::addAll);
                s.targets().stream().filter(TargetInfo::running).map(TargetInfo::name).forEach(out::add);
            } else if (arg == 2) {
                out.addAll(s.maps().getOrDefault(ctx.earlierArgs().get(0), List.of()));
            }
            return out.stream().filter(n -> n.startsWith(w)).distinct().sorted().toList();
        }
        if (FILE_ARG.contains(fn)) return Places.files(w, source.baseDir());
        if (fn.equals("set_kind")) {
            return Arrays.stream(TargetKind.values()).map(TargetKind::luaName).filter(n -> n.startsWith(w)).toList();
        }
        if (fn.equals("attach_to") && arg == 2) return places(source.state().openKind(), w);
        if (fn.equals("attach") && arg == 3) {
            String target = ctx.earlierArgs().get(0);
            String kind = source.state().targets().stream().filter(t -> t.name().equals(target))
                    .map(TargetInfo::kind).findFirst().orElse(null);
            return places(kind, w);
        }
        return places(null, w);
    }

    /** Attach places for a target of {@code kind} (null: guess from what was typed). */
    private List<String> places(String kind, String w) {
        String k = kind == null ? "" : kind;
        switch (k) {
            case "kprobe", "kretprobe" -> {
                return places.kernelFunctions(w);
            }
            case "raw_tracepoint" -> {
                return places.rawTracepoints(w);
            }
            case "perf_event" -> {
                return places.perfEvents(w);
            }
            case "uprobe", "uretprobe", "usdt" -> {
                return w.indexOf(':') > 0 ? places.binarySymbols(w) : Places.files(w, source.baseDir());
            }
            default -> {
                int colon = w.indexOf(':');
                if (w.startsWith("/") || w.startsWith(".") || colon > 0 && w.substring(0, colon).contains("/")) {
                    return colon > 0 ? places.binarySymbols(w) : Places.files(w, source.baseDir());
                }
                return places.tracepoints(w);
            }
        }
    }
}
