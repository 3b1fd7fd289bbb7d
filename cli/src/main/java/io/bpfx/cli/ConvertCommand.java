package io.bpfx.cli;

import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.convert.ConfigConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** bpfx convert CONFIG.yaml [-o DIR]: an ebpf_exporter config as a bpfx script (ConfigConverter does the work). */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert an ebpf_exporter config (v1: programs with BCC code; v2: NAME.yaml + NAME.bpf.o) "
                + "into a bpfx script that `bpfx export DIR/NAME.lua` serves with the same metrics, labels and buckets."})
final class ConvertCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "CONFIG.yaml", description = "the ebpf_exporter config")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "where to write NAME.lua (and the BCC C of a v1 config); default: the current directory")
    Path outDir;

    @Option(names = "--force", description = "overwrite files that exist")
    boolean force;

    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(config)) {
            err.println("bpfx: " + config + ": config file not found");
            return ExitCodes.USAGE;
        }
        try {
            ConfigConverter.Converted c = ConfigConverter.convert(config, outDir);
            Files.createDirectories(outDir);
            for (String name : c.files().keySet()) {
                if (!force && Files.exists(outDir.resolve(name))) {
                    throw new BpfxException.BadInput(outDir.resolve(name) + " exists (--force overwrites it)");
                }
            }
            for (Map.Entry<String, String> f : c.files().entrySet()) {
                Files.writeString(outDir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
                System.out.println("wrote " + outDir.resolve(f.getKey()));
            }
            System.out.println("serve it with: bpfx export " + outDir.resolve(c.script()));
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("bpfx: cannot write to " + outDir + ": " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (RuntimeException e) {
            return Runs.report(e, err);
        }
    }
}
