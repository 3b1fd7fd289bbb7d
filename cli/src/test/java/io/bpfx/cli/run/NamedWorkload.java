package io.bpfx.cli.run;

import io.bpfx.engine.testing.NativeBuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A native/workloads program run under a name of its own (a copy of the binary), so that
 * its comm is unique on this machine: scripts that count by command (the seed example's
 * opens map) then see only this test's process, whatever else runs meanwhile. Same protocol
 * as the engine's Workload: "ready PID", a line on stdin, N operations, "done N".
 */
final class NamedWorkload implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final int pid;

    private NamedWorkload(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) throw new IOException("workload did not start: " + ready);
        this.pid = Integer.parseInt(ready.substring(6).trim());
    }

    /** Starts a copy of workload {@code binary} named {@code name} (at most 15 characters: the comm). */
    static NamedWorkload start(String binary, String name, String... args) {
        if (name.length() > 15) throw new IllegalArgumentException("comm is 15 characters at most: " + name);
        try {
            Path dir = Files.createDirectories(NativeBuild.root().resolve("cli/target/e2e-bin"));
            Path copy = dir.resolve(name);
            Files.copy(NativeBuild.bin(binary), copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            List<String> cmd = new ArrayList<>(List.of(copy.toString()));
            cmd.addAll(List.of(args));
            return new NamedWorkload(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + " as " + name + ": " + e.getMessage(), e);
        }
    }

    int pid() {
        return pid;
    }

    NamedWorkload go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The workload's next line of output (e.g. "switches S" before "done N"). */
    String readLine() {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for "done N" and the exit; returns N. */
    long awaitDone() {
        try {
            String line = out.readLine();
            if (line == null || !line.startsWith("done ")) throw new IllegalStateException("workload said " + line);
            if (!process.waitFor(BpfxProcess.WAIT_SECONDS, TimeUnit.SECONDS)) throw new IllegalStateException("workload did not exit");
            return Long.parseLong(line.substring(5).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
