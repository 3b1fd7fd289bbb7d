package io.bpfx.dsl;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * How a script runs: {@code durationMs} ends the run after that long (0 = no limit); with
 * {@code json}, {@code print} writes NDJSON; {@code out} gets print output, {@code err} is Lua's
 * {@code io.stderr}; {@code config} answers {@code get_config(name)};
 * {@code args} are the words after the script.
 */
public record RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err, Map<String, Object> config,
                         java.util.List<String> args) {

    public RunOptions {
        if (durationMs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationMs);
        }
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        config = Map.copyOf(config);
        args = java.util.List.copyOf(args);
    }

    public RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err, Map<String, Object> config) {
        this(durationMs, json, out, err, config, java.util.List.of());
    }

    public RunOptions(long durationMs, boolean json, PrintStream out, PrintStream err) {
        this(durationMs, json, out, err, Map.of());
    }

    public static RunOptions defaults() {
        return new RunOptions(0, false, System.out, System.err);
    }

    public RunOptions withDuration(long ms) {
        return new RunOptions(ms, json, out, err, config, args);
    }

    public RunOptions withJson(boolean on) {
        return new RunOptions(durationMs, on, out, err, config, args);
    }

    public RunOptions withOutput(PrintStream newOut, PrintStream newErr) {
        return new RunOptions(durationMs, json, newOut, newErr, config, args);
    }

    /** Values for get_config(name): the command line's --pid and -c KEY=VALUE. */
    public RunOptions withConfig(Map<String, Object> values) {
        return new RunOptions(durationMs, json, out, err, values, args);
    }

    /** The words after the script: read against its add_option{} declarations, the rest go to entry(). */
    public RunOptions withArgs(java.util.List<String> words) {
        return new RunOptions(durationMs, json, out, err, config, words);
    }
}
