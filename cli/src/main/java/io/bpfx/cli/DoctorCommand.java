package io.bpfx.cli;

import io.bpfx.cli.system.SystemText;
import io.bpfx.engine.system.PlainData;
import io.bpfx.engine.system.Features;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code bpfx doctor}: what this machine can run, each answer from a probe. */
@Command(name = "doctor", description = "What this kernel can do for BPF: each feature probed, with why and what to do for a no.")
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        try {
            Features f = Features.probe();
            SystemText.print(json
                    ? SystemText.json(f.all().stream().map(PlainData::feature).toList())
                    : SystemText.doctor(f.all()));
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }
}
