package io.bpfx.engine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A native/workloads program under the test's control: started, it prints
 * "ready PID" and waits; {@link #go()} makes it do its N operations;
 * {@link #awaitDone()} waits for "done N".
 */
public final class Workload implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final int pid;

    private Workload(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("workload did not start: " + ready);
        }
        this.pid = Integer.parseInt(ready.substring(6).trim());
    }

    public static Workload start(String binary, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(NativeBuild.bin(binary).toString());
        cmd.addAll(List.of(args));
        try {
            return new Workload(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a copy of workload {@code binary} named {@code name} (at most 15 characters: the
     * comm), so that its comm is unique on this machine: scripts that count by command then
     * see only this test's process, whatever else runs meanwhile.
     */
    public static Workload startNamed(String binary, String name, String... args) {
        if (name.length() > 15) throw new IllegalArgumentException("comm is 15 characters at most: " + name);
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(NativeBuild.dir().resolve("named-bin"));
            java.nio.file.Path copy = dir.resolve(name);
            java.nio.file.Files.copy(NativeBuild.bin(binary), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            List<String> cmd = new ArrayList<>(List.of(copy.toString()));
            cmd.addAll(List.of(args));
            return new Workload(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + " as " + name + ": " + e.getMessage(), e);
        }
    }

    public int pid() {
        return pid;
    }

    public Workload go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The workload's next line of output, for workloads that say more before "done N". */
    public String readLine() {
        try {
            return out.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for "done N" and the exit; returns N. */
    public long awaitDone() {
        try {
            String line = out.readLine();
            if (line == null || !line.startsWith("done ")) throw new IllegalStateException("workload said " + line);
            if (!process.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("workload did not exit");
            return Long.parseLong(line.substring(5).trim());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts, says go, waits: N operations done. */
    public static long run(String binary, String... args) {
        try (Workload w = start(binary, args)) {
            return w.go().awaitDone();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
