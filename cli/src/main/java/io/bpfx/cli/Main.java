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
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, export or repl");
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
        boolean all = !(first.equals("run") || first.equals("export") || first.equals("repl") || first.equals("tools")
                || first.equals("__train"));
        if (all || first.equals("run")) {
            cl.addSubcommand("run", new RunCommand());
            // words after SCRIPT that run does not know are the script's own options (add_option)
            cl.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        }
        if (all || first.equals("export")) cl.addSubcommand("export", new ExportCommand());
        if (all || first.equals("repl")) cl.addSubcommand("repl", new ReplCommand());
        if (all || first.equals("tools")) cl.addSubcommand("tools", new ToolsCommand());
        if (all || first.equals("__train")) cl.addSubcommand("__train", new TrainCommand());
        if (all) {
            cl.addSubcommand("doctor", new DoctorCommand());
            cl.addSubcommand("ps", new PsCommand());
            cl.addSubcommand("maps", new MapsCommand());
            cl.addSubcommand("map", new MapCommand());
            cl.addSubcommand("help", new CommandLine.HelpCommand());
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("bpfx: " + ex.getMessage());
            System.err.println("Try 'bpfx --help'.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }
}
