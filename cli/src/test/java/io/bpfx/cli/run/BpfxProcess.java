package io.bpfx.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A running {@code bpfx}: its stdout and stderr are read line by line as they come, so a test
 * can wait for a line (e.g. {@code Attaching 1 probe (calls)...}), drive a workload, send a
 * signal by pid and collect the exit code. Waits are bounds for a stuck process, not
 * measurements: nothing here asserts on how long anything took.
 */
final class BpfxProcess implements AutoCloseable {
    /** How long to wait for anything: generous, since other builds share this machine's CPUs. */
    static final long WAIT_SECONDS = 120;

    /** What a finished run printed, and how it ended. */
    record Result(int exitCode, List<String> stdout, List<String> stderr) {
        String stderrText() {
            return String.join("\n", stderr);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + stderrText();
        }
    }

    private final Process process;
    private final String what;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    BpfxProcess(Process process, String what) {
        this.process = process;
        this.what = what;
        this.outReader = reader(process.getInputStream(), out, "stdout");
        this.errReader = reader(process.getErrorStream(), err, "stderr");
    }

    private Thread reader(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            } finally {
                synchronized (this) {
                    notifyAll();
                }
            }
        }, "bpfx-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    synchronized List<String> stdout() {
        return new ArrayList<>(out);
    }

    synchronized List<String> stderr() {
        return new ArrayList<>(err);
    }

    /** Waits for a stderr line that matches, and returns it. */
    String awaitStderr(Predicate<String> match, String description) {
        return awaitLines(err, match, 1, description).get(0);
    }

    /** Waits for bpfx's {@code Attaching N probe(s) (target)...} line for {@code target}. */
    String awaitAttached(String target) {
        return awaitStderr(l -> l.startsWith("Attaching ") && l.endsWith(" (" + target + ")..."),
                "Attaching ... (" + target + ")...");
    }

    /** Waits until {@code count} stdout lines match; returns them. */
    List<String> awaitStdout(Predicate<String> match, int count, String description) {
        return awaitLines(out, match, count, description);
    }

    private List<String> awaitLines(List<String> lines, Predicate<String> match, int count, String description) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (this) {
            while (true) {
                List<String> found = lines.stream().filter(match).collect(Collectors.toList());
                if (found.size() >= count) return found;
                boolean ended = !process.isAlive() && !outReader.isAlive() && !errReader.isAlive();
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (ended || left <= 0) {
                    fail("bpfx " + what + ": waited for " + count + " line(s) " + description + ", saw " + found.size()
                            + (ended ? " before it exited (" + process.exitValue() + ")" : " in " + WAIT_SECONDS + " s")
                            + "\n--- stdout\n" + tail(out) + "\n--- stderr\n" + tail(err));
                }
                try {
                    wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Sends a signal ("INT", "TERM", ...) to the bpfx JVM by its pid. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) fail("kill -s " + name + " " + process.pid() + ": " + said);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** Waits for the exit and for every line it printed. */
    Result awaitExit() {
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("bpfx " + what + " did not end in " + WAIT_SECONDS + " s\n--- stdout\n" + tail(out)
                        + "\n--- stderr\n" + tail(err));
            }
            outReader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            errReader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
