package io.bpfx.cli;

import io.bpfx.dsl.DslRuntime;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptArgs;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptModel;
import picocli.CommandLine;

import java.nio.file.Path;

/** {@code bpfx run SCRIPT --help}: the script's description and add_option{} options, then run's own. */
final class ScriptHelp {
    private ScriptHelp() {}

    static int print(Path script, RunOptions opts, CommandLine run) {
        DslRuntime runtime;
        try {
            runtime = ScriptLoader.load(script, opts); // description scope only: nothing touches the kernel
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
        ScriptModel model = runtime.model();
        String name = script.getFileName().toString().replaceFirst("\\.lua$", "");
        System.out.print(ScriptArgs.help("bpfx run " + name, model.description(), model.options()));
        System.out.println();
        System.out.println("Options of every run: --duration SECONDS, --json, --pid PID, -c KEY=VALUE,");
        System.out.println("  -v, --export ADDR:PORT (bpfx run --help)");
        return ExitCodes.OK;
    }
}
