package io.bpfx.cli;

import io.bpfx.cli.system.SystemText;
import io.bpfx.engine.system.PlainData;
import io.bpfx.engine.system.BpfSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code bpfx ps}: every BPF program on the machine, its attach points and owners. */
@Command(name = "ps", description = "Every BPF program loaded on this machine: type, name, tag, where attached, "
        + "which processes hold it (bpfx runs named), maps, run stats.")
final class PsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        try {
            var progs = BpfSystem.programs();
            SystemText.print(json
                    ? SystemText.json(progs.stream().map(PlainData::program).toList())
                    : SystemText.programs(progs));
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }
}
