package io.bpfx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

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
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (bpfx --help lists them)");
    }

    /** Every subcommand, in the order --help lists them; made only when needed. (A holder class: a
     *  run that QuickRun parses never loads the other commands nor links these lambdas.) */
    private static final class Commands {
        private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();
        static {
            COMMANDS.put("run", RunCommand::new);
            COMMANDS.put("export", ExportCommand::new);
            COMMANDS.put("serve", ServeCommand::new);
            // remote: the words after COMMAND are the run's own (start opensnoop --pid 1), not remote's options
            COMMANDS.put("remote", () -> new CommandLine(new RemoteCommand()).setStopAtPositional(true));
            COMMANDS.put("repl", ReplCommand::new);
            COMMANDS.put("tools", ToolsCommand::new);
            COMMANDS.put("pack", PackageCommands.Pack::new);
            COMMANDS.put("install", PackageCommands.Install::new);
            COMMANDS.put("list", PackageCommands.ListPackages::new);
            COMMANDS.put("remove", PackageCommands.Remove::new);
            COMMANDS.put("convert", ConvertCommand::new);
            COMMANDS.put("doctor", DoctorCommand::new);
            COMMANDS.put("ps", PsCommand::new);
            COMMANDS.put("maps", MapsCommand::new);
            COMMANDS.put("map", MapCommand::new);
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("run")) {
            RunCommand run = QuickRun.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
            if (run != null) {
                try {
                    return run.call();
                } catch (RuntimeException e) { // a bug of ours: picocli would print it the same way
                    e.printStackTrace();
                    return 1;
                }
            }
        }
        return commandLine(args).execute(args);
    }

    /** The picocli command line for {@code args}: the commands it needs, run's parsing rules, one-line usage errors. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // picocli builds a model of every registered command up front; a run only needs its own
        // (tens of milliseconds of start-up), help and unknown words get them all
        String first = args.length > 0 ? args[0] : "";
        if (Commands.COMMANDS.containsKey(first)) {
            cl.addSubcommand(first, Commands.COMMANDS.get(first).get());
        } else {
            Commands.COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
            cl.addSubcommand("help", new CommandLine.HelpCommand());
        }
        // words after SCRIPT that run does not know are the script's own options (add_option)
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) run.setUnmatchedOptionsArePositionalParams(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("bpfx: " + ex.getMessage());
            System.err.println("Try 'bpfx --help'.");
            return ExitCodes.USAGE;
        });
        return cl;
    }
}
