package io.bpfx.cli;

import io.bpfx.cli.repl.Repl;
import io.bpfx.dsl.EngineHost;
import io.bpfx.dsl.InteractiveSession;
import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.ShutdownGuard;
import io.bpfx.stdlib.ToolCatalog;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * bpfx repl [SCRIPT]: the script's targets declared (if any), then Lua typed at a prompt
 * where targets are declared and run, events print above the line being typed, and Tab
 * completes. The loop is {@link Repl}; this class only wires it.
 */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = "Interactive Lua: declare targets (or load SCRIPT), run/stop/inspect them, watch their events.")
final class ReplCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "declares the targets (optional)")
    Path script;

    @Mixin
    ScriptOptions.Pid pid = new ScriptOptions.Pid();

    @Override
    public Integer call() throws IOException {
        Map<String, Object> cfg = pid.config(Map.of());
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        Repl.Io io = Repl.Io.over(terminal);
        RunOptions opts = RunOptions.defaults().withOutput(io.out(), io.err()).withConfig(cfg);
        Session session = Runs.newSession(io.err());
        EngineHost host = new EngineHost(session, new EngineHost.Options(pid.pid, false), io.err());
        try (ShutdownGuard guard = new ShutdownGuard(session); session) {
            InteractiveSession lua = new InteractiveSession(script != null
                    ? ScriptLoader.load(script, opts)
                    : ScriptLoader.load("stdin", Path.of("."), new byte[0], opts), host);
            Runs.onSignals(() -> {
                guard.requestStop();
                host.interrupt();
            }, "TERM", "HUP");
            Repl.Tools tools = new Repl.Tools(ToolCatalog.names(), n -> ToolCatalog.unpack(n, BpfCompiler.defaultCacheDir()));
            new Repl(terminal, session, host, lua, io, tools,
                    Path.of(System.getProperty("user.home"), ".bpfx_history")).run(guard::stopRequested);
        } catch (BpfxException e) {
            return Runs.report(e, System.err);
        } finally {
            terminal.close();
        }
        return ExitCodes.OK;
    }
}
