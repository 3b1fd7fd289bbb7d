package io.bpfx.cli;

import io.bpfx.engine.ProbeSupport;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.stdlib.ToolCatalog;
import io.bpfx.stdlib.ToolInfo;
import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;

/** bpfx tools: the ready tools, what each shows, the probe kinds it needs, whether this kernel runs it. */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "List the ready tools (bpfx run NAME): what each shows, the probe kinds it needs "
                + "and whether this kernel can run it.")
final class ToolsCommand implements Callable<Integer> {
    /** The kernel check; `bpfx doctor`'s feature probes can replace the simple sysfs one here. */
    static ProbeSupport support = ProbeSupport.simple();

    @Override
    public Integer call() {
        System.out.printf("%-14s %-4s %-18s %s%n", "TOOL", "RUNS", "PROBES", "SHOWS");
        StringBuilder notes = new StringBuilder();
        for (String name : ToolCatalog.names()) {
            ToolInfo info;
            try {
                info = ToolInfo.of(name, ToolCatalog.unpack(name, BpfCompiler.defaultCacheDir()).orElseThrow());
            } catch (RuntimeException e) {
                return Runs.report(e, System.err);
            }
            Optional<String> missing = info.missing(support);
            System.out.printf("%-14s %-4s %-18s %s%n", name, missing.isEmpty() ? "yes" : "no",
                    String.join(",", info.kinds()), info.description());
            missing.ifPresent(why -> notes.append(name).append(": ").append(why).append('\n'));
        }
        System.out.print(notes);
        return ExitCodes.OK;
    }
}
