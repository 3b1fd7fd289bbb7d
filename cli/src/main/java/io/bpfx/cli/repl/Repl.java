package io.bpfx.cli.repl;

import io.bpfx.dsl.CommandInterrupted;
import io.bpfx.dsl.DslHelp;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ExitRequest;
import io.bpfx.dsl.InteractiveSession;
import io.bpfx.dsl.InteractiveSession.TargetInfo;
import io.bpfx.engine.BpfMap;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.session.LiveTarget;
import io.bpfx.engine.session.Session;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The interactive loop of {@code bpfx repl}, on two threads:
 * <ul>
 * <li>the <b>Lua thread</b> (the caller of {@link #run}) owns LuaJ and the session's buffers:
 * it waits in {@link Session#poll} so events reach their callbacks (and print above the
 * prompt) while nobody has typed anything, and runs what the terminal thread hands it
 * through {@link LuaThread} — a typed chunk, or a question for completion;</li>
 * <li>the <b>terminal thread</b> only edits lines (jline's {@code readLine}), and asks for
 * the next one once the Lua thread has finished the last command, so output and prompt take
 * turns like any REPL.</li>
 * </ul>
 * Ctrl-C at the prompt clears the line (jline); during a command it ends the command's
 * {@code sleep} (the terminal's INT handler), never the session. Ctrl-D, {@code :quit} or
 * {@code exit()} stop every target (on_stop hooks run) and return.
 */
public final class Repl {
    private static final int WIDTH = 80;

    /** Where output goes: above the prompt, once a reader exists. */
    public record Io(ScreenWriter screen, AboveThePrompt outSink, AboveThePrompt errSink, PrintStream out, PrintStream err) {
        public static Io over(Terminal terminal) {
            ScreenWriter screen = new ScreenWriter(new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8));
            AboveThePrompt o = new AboveThePrompt(screen), e = new AboveThePrompt(screen);
            return new Io(screen, o, e, o.stream(), e.stream());
        }
    }

    /** The ready tools {@code :load NAME} knows: their names, and where one unpacks. */
    public record Tools(List<String> names, Function<String, Optional<Path>> unpack) {}

    private final Terminal terminal;
    private final Session session;
    private final EngineHost host;
    private final InteractiveSession lua;
    private final Io io;
    private final Tools tools;
    private final Path history;
    private final LuaThread luaThread;
    private final DslHelp help = DslHelp.load();
    private final Semaphore promptWanted = new Semaphore(0);
    private volatile boolean done;

    public Repl(Terminal terminal, Session session, EngineHost host, InteractiveSession lua, Io io, Tools tools,
                Path history) {
        this.terminal = terminal;
        this.session = session;
        this.host = host;
        this.lua = lua;
        this.io = io;
        this.tools = tools;
        this.history = history;
        this.luaThread = new LuaThread(session);
    }

    /** Runs until Ctrl-D, :quit, exit() or {@code stopRequested} (SIGTERM); everything is stopped on return. */
    public void run(BooleanSupplier stopRequested) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bpfx")
                .parser(new LuaLineParser(code -> luaThread.ask(() -> lua.isIncomplete(code), false, 2000)))
                .completer(new ReplCompleter(completionSource()))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P.. ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        io.screen().attach(reader);
        terminal.handle(Terminal.Signal.INT, s -> {
            lua.interrupt();
            host.interrupt();
        });
        io.out().println("bpfx repl: targets " + describeTargets() + ". Lua here declares (target, add_files, "
                + "on_event...) and acts (run, stop, map); help lists functions; Ctrl-D ends.");
        Thread terminalThread = new Thread(() -> readLines(reader), "bpfx-terminal");
        terminalThread.setDaemon(true);
        terminalThread.start();
        promptWanted.release();
        try {
            while (!done && !stopRequested.getAsBoolean()) {
                if (luaThread.runPosted()) continue;
                try {
                    session.poll(1000); // events run their callbacks here, on this thread
                } catch (ExitRequest e) {
                    done = true;
                } catch (BpfxException e) {
                    io.err().println(e.getMessage());
                    stopAllAfterCallbackError();
                }
            }
        } finally {
            done = true;
            try {
                host.exit(0);
            } catch (ExitRequest | BpfxException e) {
                if (e instanceof BpfxException b) io.err().println(b.getMessage());
            }
            try {
                reader.getHistory().save();
            } catch (java.io.IOException | RuntimeException e) {
                io.err().println("bpfx: cannot save history to " + history + ": " + e.getMessage());
            }
            io.outSink().endOfCommand();
            io.errSink().endOfCommand();
            io.screen().close();
        }
    }

    /** A callback failed between commands: its target would fail at every event, so all stop. */
    private void stopAllAfterCallbackError() {
        List<String> running = lua.targets().stream().filter(TargetInfo::running).map(TargetInfo::name).toList();
        try {
            host.exit(0);
        } catch (BpfxException e) {
            io.err().println(e.getMessage());
        }
        if (!running.isEmpty()) io.err().println("(stopped " + String.join(", ", running) + ")");
    }

    private void readLines(LineReader reader) {
        while (!done) {
            try {
                promptWanted.acquire();
            } catch (InterruptedException e) {
                return;
            }
            while (true) {
                try {
                    String line = reader.readLine("bpfx> ");
                    luaThread.post(() -> command(line));
                    break;
                } catch (UserInterruptException e) {
                    // Ctrl-C at the prompt: the line is dropped, a fresh prompt
                } catch (EndOfFileException e) {
                    luaThread.post(() -> done = true);
                    return;
                }
            }
        }
    }

    /** On the Lua thread: one typed chunk or REPL command; then the next prompt. */
    private void command(String line) {
        try {
            lua.clearInterrupt();
            host.clearInterrupt();
            // what the kernel recorded before Enter reaches its callbacks before the command runs
            session.poll(0);
            if (line.isBlank()) return;
            if (isCommand(line)) {
                replCommand(line.trim());
            } else {
                String echo = lua.eval(line);
                if (echo != null) io.out().println(echo);
            }
        } catch (CommandInterrupted e) {
            io.err().println("interrupted");
        } catch (ExitRequest e) {
            done = true;
        } catch (BpfxException e) {
            io.err().println(e.getMessage());
        } catch (RuntimeException e) {
            io.err().println("bpfx: internal error: " + e);
        } finally {
            io.outSink().endOfCommand();
            io.errSink().endOfCommand();
            if (!done) promptWanted.release();
        }
    }

    /** {@code help}, {@code help NAME}, {@code :targets}, {@code :maps}, {@code :load X}, {@code :quit}. */
    static boolean isCommand(String line) {
        String t = line.trim();
        return t.equals("help") || t.matches("help\\s+[A-Za-z_][\\w.]*") || t.matches(":\\w+(\\s.*)?");
    }

    private void replCommand(String line) {
        String[] words = line.split("\\s+", 2);
        String arg = words.length > 1 ? words[1].trim() : "";
        switch (words[0]) {
            case "help", ":help" -> {
                if (arg.isEmpty()) {
                    io.out().print(help.index(WIDTH));
                    io.out().println("At the prompt: :targets  :maps  :load TOOL|FILE  help NAME  :quit (or Ctrl-D)");
                } else {
                    io.out().print(help.describe(arg, WIDTH).orElse("no function " + arg + " (help lists them)\n"));
                }
            }
            case ":targets" -> printTargets();
            case ":maps" -> printMaps();
            case ":load" -> load(arg);
            case ":quit", ":q", ":exit" -> done = true;
            default -> io.err().println("unknown command " + words[0] + " (:targets, :maps, :load, :help, :quit)");
        }
    }

    private void printTargets() {
        List<TargetInfo> targets = lua.targets();
        if (targets.isEmpty()) {
            io.out().println("no targets: declare one with target(\"name\") and add_files(\"x.bpf.c\")");
            return;
        }
        io.out().printf("%-16s %-8s %-14s %-8s %s%n", "TARGET", "STATE", "KIND", "HANDLERS", "FILES");
        for (TargetInfo t : targets) {
            String state = t.running() ? "running" : "declared";
            io.out().printf("%-16s %-8s %-14s %-8d %s%n", t.name(), state, t.kind(), t.handlers(), String.join(" ", t.files()));
        }
    }

    private void printMaps() {
        List<LiveTarget> running = session.targets();
        if (running.isEmpty()) {
            io.out().println("no running target: run(\"name\") first");
            return;
        }
        io.out().printf("%-16s %-20s %-16s %s%n", "TARGET", "MAP", "TYPE", "MAX");
        for (LiveTarget t : running) {
            for (BpfMap m : t.maps()) {
                if (m.isInternal()) continue;
                io.out().printf("%-16s %-20s %-16s %d%n", t.name(), m.name(), m.type().toString().toLowerCase(), m.maxEntries());
            }
        }
    }

    private void load(String what) {
        if (what.isEmpty()) {
            io.err().println(":load needs a ready tool (" + String.join(", ", tools.names()) + ") or a script file");
            return;
        }
        Path file = Path.of(what);
        if (!Files.isRegularFile(file) && tools.names().contains(what)) file = tools.unpack().apply(what).orElse(file);
        lua.load(file, what);
        io.out().println("targets " + describeTargets());
    }

    private String describeTargets() {
        List<TargetInfo> t = lua.targets();
        return t.isEmpty() ? "none" : String.join(", ", t.stream().map(TargetInfo::name).toList());
    }

    private ReplCompleter.Source completionSource() {
        return new ReplCompleter.Source() {
            @Override
            public ReplCompleter.State state() {
                return luaThread.ask(() -> {
                    Map<String, List<String>> maps = new LinkedHashMap<>();
                    for (LiveTarget t : session.targets()) {
                        List<String> names = new ArrayList<>();
                        for (BpfMap m : t.maps()) if (!m.isInternal()) names.add(m.name());
                        maps.put(t.name(), names);
                    }
                    return new ReplCompleter.State(lua.targets(), lua.openTargetKind().orElse(null), maps);
                }, new ReplCompleter.State(List.of(), null, Map.of()), 2000);
            }

            @Override
            public List<String> globals(String dotted) {
                return luaThread.ask(() -> lua.complete(dotted), List.of(), 2000);
            }

            @Override
            public List<String> helpNames() {
                return help.names();
            }

            @Override
            public List<String> tools() {
                return tools.names();
            }

            @Override
            public Path baseDir() {
                return lua.model().scriptDir();
            }
        };
    }
}
