package io.bpfx.cli;

import io.bpfx.cli.system.SystemText;
import io.bpfx.engine.system.PlainData;
import io.bpfx.engine.system.BpfSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code bpfx maps}: every BPF map on the machine. */
@Command(name = "maps", description = "Every BPF map on this machine: type, name, sizes, BTF, which processes hold it.")
final class MapsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        try {
            var maps = BpfSystem.maps();
            SystemText.print(json
                    ? SystemText.json(maps.stream().map(PlainData::map).toList())
                    : SystemText.maps(maps));
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }
}
