package io.bpfx.dsl;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a script runs: {@code durationMs} ends the run after that long (0 = no limit); with
 * {@code json}, {@code print} writes NDJSON; {@code out} gets print output, {@code err} is Lua's
 * {@code io.stderr}; {@code config} answers {@code get_config(name)}; {@code args} are the words
 * after the script; with {@code json} and a {@code textMirror}, every print is also written there
 * as text mode writes it ({@code bpfx serve} keeps both forms of a run's output).
 */
public record RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err, Map<String, Object> config,
                         List<String> args, PrintStream textMirror) {

    public RunOptions {
        if (durationMs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationMs);
        }
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        config = Map.copyOf(config);
        args = List.copyOf(args);
    }

    public RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err, Map<String, Object> config,
                      List<String> args) {
        this(durationMs, json, out, err, config, args, null);
    }

    public RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err, Map<String, Object> config) {
        this(durationMs, json, out, err, config, List.of());
    }

    public RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err) {
        this(durationMs, json, out, err, Map.of());
    }

    public static RunOptions defaults() {
        return new RunOptions(0, false, System.out, System.err);
    }

    public RunOptions withDuration(long ms) {
        return new RunOptions(ms, json, out, err, config, args, textMirror);
    }

    public RunOptions withJson(boolean on) {
        return new RunOptions(durationMs, on, out, err, config, args, textMirror);
    }

    public RunOptions withOutput(PrintStream newOut, PrintStream newErr) {
        return new RunOptions(durationMs, json, newOut, newErr, config, args, textMirror);
    }

    /** Values for get_config(name): the command line's --pid and -c KEY=VALUE. */
    public RunOptions withConfig(Map<String, Object> values) {
        return new RunOptions(durationMs, json, out, err, values, args, textMirror);
    }

    /** The words after the script: read against its add_option{} declarations, the rest go to entry(). */
    public RunOptions withArgs(List<String> words) {
        return new RunOptions(durationMs, json, out, err, config, words, textMirror);
    }

    /** JSON to {@code out} and, for each print, the text form to {@code mirror}. */
    public RunOptions withTextMirror(PrintStream mirror) {
        return new RunOptions(durationMs, true, out, err, config, args, mirror);
    }
}
