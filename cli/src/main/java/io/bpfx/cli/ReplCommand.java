package io.bpfx.cli;

import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.ExitRequest;
import io.bpfx.dsl.InteractiveSession;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.ShutdownGuard;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * bpfx repl [SCRIPT]: the script's targets declared, then Lua typed line by
 * line in the script scope: run("t"), sleep(1000), map("counts"):print(),
 * stop("t"). Events pending when a prompt appears are delivered first.
 * Ctrl-C cuts a running command short; Ctrl-D (or exit()) ends the session
 * and detaches everything.
 */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = "Interactive Lua: declare targets from SCRIPT, then run/stop/inspect them line by line.")
final class ReplCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "declares the targets (optional)")
    Path script;

    @Mixin
    ScriptOptions.Pid pid = new ScriptOptions.Pid();

    @Override
    public Integer call() throws IOException {
        Map<String, Object> cfg = pid.config(Map.of());
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        RunOptions opts = RunOptions.defaults().withOutput(out, System.err).withConfig(cfg);
        Session session = Runs.newSession(System.err);
        EngineHost host = new EngineHost(session, new EngineHost.Options(pid.pid, false), System.err);
        try (ShutdownGuard guard = new ShutdownGuard(session); session) {
            InteractiveSession repl = new InteractiveSession(script != null
                    ? ScriptLoader.load(script, opts)
                    : ScriptLoader.load("repl", Path.of("."), new byte[0], opts), host);
            Runs.onSignals(host::interrupt);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bpfx").build();
            out.println("bpfx repl — targets: " + (repl.model().targetNames().isEmpty() ? "none"
                    : String.join(", ", repl.model().targetNames())) + ". Lua in the script scope; Ctrl-D ends.");
            while (!guard.stopRequested()) {
                try {
                    repl.deliverPending();
                    String line = reader.readLine("bpfx> ");
                    if (line.isBlank()) continue;
                    host.clearInterrupt();
                    String echo = repl.eval(line);
                    if (echo != null) out.println(echo);
                } catch (UserInterruptException e) {
                    // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    break;
                } catch (ExitRequest e) {
                    break;
                } catch (BpfxException e) {
                    System.err.println(e.getMessage());
                }
            }
            host.exit(0);
        } catch (BpfxException e) {
            return Runs.report(e, System.err);
        } finally {
            terminal.close();
        }
        return ExitCodes.OK;
    }
}
