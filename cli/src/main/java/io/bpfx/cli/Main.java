package io.bpfx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The bpfx command: run scripts, export metrics, explore in a REPL. */
@Command(name = "bpfx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Scriptable eBPF tracing: xmake-style Lua scripts drive BPF programs.",
        subcommands = {RunCommand.class, ExportCommand.class, ReplCommand.class, TrainCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 script or runtime error, 2 usage error."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, export or repl");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("bpfx: " + ex.getMessage());
            System.err.println("Try 'bpfx --help'.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }
}
