package io.bpfx.cli;

import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.engine.session.Session;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Hidden: walks the start-up path without touching the kernel (Lua description scope,
 * the engine's native bindings, a session) so the launcher can record which classes
 * bpfx loads into a class-data-sharing archive: every later start maps them instead of
 * parsing them again.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    private static final String SCRIPT = String.join("\n",
            "target(\"t\")",
            "    add_files(\"train.bpf.c\")",
            "    set_kind(\"tracepoint\")",
            "    attach_to(\"p\", \"syscalls:sys_enter_openat\")",
            "    set_values{ target_pid = get_config(\"pid\") or 0 }",
            "    on_event(function (e) print(string.format(\"%d %s\", e.pid, e.comm)) end)",
            "    on_stop(function () print(sort({ b = 1, a = 2 })) end)",
            "entry(function (arg) run(\"t\") sleep(1) end)");

    @Override
    public Integer call() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            ScriptLoader.load("train.lua", Path.of("."), SCRIPT.getBytes(StandardCharsets.UTF_8),
                    RunOptions.defaults().withOutput(sink, sink));
        } catch (RuntimeException expected) {
            // train.bpf.c does not exist: the validator's error path is worth loading too
        }
        try (Session session = Runs.newSession(sink)) {
            session.anyRunning();
        } catch (RuntimeException | LinkageError ignored) {
            // no libbpf on the build machine: the archive just holds fewer classes
        }
        return ExitCodes.OK;
    }
}
