package io.bpfx.cli.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bpfx <args>} in a JVM of its own (the test classpath), as a user runs
 * it: its stderr is collected line by line, the port it serves on is read from
 * its "Serving metrics on ..." line, and it is ended with a real SIGTERM.
 */
final class ExporterProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Serving metrics on http://[^ ]*:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stdout = new StringBuilder();
    private int port = -1;

    private ExporterProcess(Process process) {
        this.process = process;
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), true), "exporter-stderr");
        err.setDaemon(true);
        err.start();
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), false), "exporter-stdout");
        out.setDaemon(true);
        out.start();
    }

    static ExporterProcess start(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.bpfx.cli.Main");
        cmd.addAll(List.of(args));
        try {
            return new ExporterProcess(new ProcessBuilder(cmd).directory(workDir.toFile()).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
    }

    private void pump(BufferedReader r, boolean err) {
        try {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    if (err) {
                        lines.add(line);
                        Matcher m = SERVING.matcher(line);
                        if (m.find()) {
                            port = Integer.parseInt(m.group(1));
                        }
                    } else {
                        stdout.append(line).append('\n');
                    }
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Waits for a stderr line; fails with everything said so far when it does not come. */
    synchronized String awaitLine(Predicate<String> wanted, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            for (String l : lines) {
                if (wanted.test(l)) {
                    return l;
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || (!process.isAlive() && left < timeoutMs - 500)) {
                throw new AssertionError("exporter did not say what was expected; stderr:\n" + String.join("\n", lines)
                        + (process.isAlive() ? "" : "\n(exited " + process.exitValue() + ")"));
            }
            wait(Math.min(left, 200));
        }
    }

    synchronized List<String> stderr() {
        return new ArrayList<>(lines);
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("exporter is not serving; stderr:\n" + String.join("\n", lines));
        }
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /metrics: " + r.statusCode() + "\n" + r.body());
        }
        return r.body();
    }

    /** SIGTERM, as systemd or Ctrl-C would end it; returns the exit code. */
    int terminate(long timeoutMs) throws InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("exporter did not exit within " + timeoutMs + " ms of SIGTERM; stderr:\n"
                    + String.join("\n", stderr()));
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no finally; returns the exit code (137). */
    int kill(long timeoutMs) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("exporter did not die within " + timeoutMs + " ms of SIGKILL");
        }
        return process.exitValue();
    }

    /** Whether it holds a BPF_ENABLE_STATS fd (the kernel names it anon_inode:bpf-stats). */
    boolean holdsBpfStats() {
        return holdsBpfStats(Path.of("/proc", Long.toString(process.pid())));
    }

    /** Whether process {@code proc} (/proc/PID) holds a BPF_ENABLE_STATS fd; false when it is gone. */
    static boolean holdsBpfStats(Path proc) {
        try (var fds = java.nio.file.Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().equals("anon_inode:bpf-stats");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    /** Waits for the process to exit on its own. */
    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("exporter did not exit; stderr:\n" + String.join("\n", stderr()));
        }
        // let the pump threads drain
        Thread.sleep(100);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
