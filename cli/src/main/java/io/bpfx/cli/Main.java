package io.bpfx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The bpfx command: run scripts, export metrics, explore in a REPL. */
@Command(name = "bpfx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Scriptable eBPF tracing: xmake-style Lua scripts drive BPF programs.",
        footer = {"", "Exit codes: 0 ok, 1 script or runtime error, 2 usage error."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, export, serve, remote or repl");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // picocli builds a model of every registered command up front; a run only needs its own
        // (tens of milliseconds of start-up), help and unknown words get them all
        String first = args.length > 0 ? args[0] : "";
        boolean all = !(first.equals("run") || first.equals("export") || first.equals("repl") || first.equals("__train")
                || first.equals("serve") || first.equals("remote"));
        if (all || first.equals("run")) cl.addSubcommand("run", new RunCommand());
        if (all || first.equals("export")) cl.addSubcommand("export", new ExportCommand());
        if (all || first.equals("serve")) cl.addSubcommand("serve", new ServeCommand());
        // remote: the words after COMMAND are the run's own (start opensnoop --pid 1), not remote's options
        if (all || first.equals("remote")) cl.addSubcommand("remote", new CommandLine(new RemoteCommand()).setStopAtPositional(true));
        if (all || first.equals("repl")) cl.addSubcommand("repl", new ReplCommand());
        if (all || first.equals("__train")) cl.addSubcommand("__train", new TrainCommand());
        if (all) cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("bpfx: " + ex.getMessage());
            System.err.println("Try 'bpfx --help'.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }
}
