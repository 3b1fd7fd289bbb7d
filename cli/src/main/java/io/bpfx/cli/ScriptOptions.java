package io.bpfx.cli;

import io.bpfx.dsl.RunOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options of the commands that run scripts: {@code run} and {@code export} (and {@code --pid} of {@code repl}). */
final class ScriptOptions {
    /** {@code --pid}: every command that runs targets. */
    static final class Pid {
        @Option(names = "--pid", paramLabel = "PID", description = "limit uprobes and perf events to one process; get_config(\"pid\")")
        int pid;

        /** The -c values, with the pid as get_config("pid") when one is given. */
        Map<String, Object> config(Map<String, String> values) {
            Map<String, Object> cfg = new LinkedHashMap<>(values);
            if (pid > 0) cfg.put("pid", (long) pid);
            return cfg;
        }
    }

    @Mixin
    Pid pid = new Pid();

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "a value for get_config(KEY)")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
    double durationSeconds;

    @Option(names = {"-v", "--verbose"}, description = "say where each probe attached")
    boolean verbose;

    int pid() {
        return pid.pid;
    }

    /** Duration and get_config values as the script runner takes them. */
    RunOptions runOptions() {
        return RunOptions.defaults().withDuration(Math.round(durationSeconds * 1000)).withConfig(pid.config(config));
    }
}
