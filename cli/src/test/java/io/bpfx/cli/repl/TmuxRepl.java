package io.bpfx.cli.repl;

import io.bpfx.engine.testing.NativeBuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code bpfx repl} in a real terminal: a tmux server of its own (a private socket), one
 * pane of 120x40 running a JVM on this test's class path. Keys go in with
 * {@code send-keys}; what the user would see comes back with {@code capture-pane}, so the
 * tests check the screen itself (a line being typed, events printed above it). jline sees a
 * real pty, not a dumb terminal.
 */
final class TmuxRepl implements AutoCloseable {
    static final long WAIT_MS = 20_000;
    private static final AtomicInteger COUNT = new AtomicInteger();
    private final String socket = "bpfx-repl-test-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
    private final Path home;

    /** Starts {@code bpfx repl ARGS} in {@code dir}, with HOME (and the history file) in {@code home}. */
    TmuxRepl(Path dir, Path home, String... args) {
        this.home = home;
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), "io.bpfx.cli.Main", "repl"));
        java.addAll(List.of(args));
        Path script = home.resolve("start-" + socket + ".sh");
        String body = "cd '" + dir + "'\n"
                + "export BPFX_CACHE='" + NativeBuild.root().resolve("cli/target/bpfx-run-cache") + "'\n"
                + "unset BPFX_DEBUG\n"
                + "'" + String.join("' '", java) + "'\n"
                + "echo \"[bpfx exited $?]\"\n"
                + "sleep 600\n";
        try {
            Files.writeString(script, body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        tmux("new-session", "-d", "-s", socket, "-x", "120", "-y", "40", "sh " + script);
        awaitScreen(s -> s.lines().anyMatch(l -> l.startsWith("bpfx>")), "the first prompt");
    }

    Path home() {
        return home;
    }

    /** Types {@code text} literally (no Enter). */
    TmuxRepl type(String text) {
        tmux("send-keys", "-t", socket, "-l", text);
        return this;
    }

    /** Presses keys by tmux name: Enter, Tab, C-c, C-d, BSpace. */
    TmuxRepl press(String... keys) {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", socket));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(new String[0]));
        return this;
    }

    /** {@code text} then Enter. */
    TmuxRepl line(String text) {
        return type(text).press("Enter");
    }

    /** Ctrl-D, and the wait for bpfx to exit with 0; returns the last screen. */
    String ctrlD() {
        press("C-d");
        return awaitScreen(s -> s.contains("[bpfx exited 0]"), "bpfx to exit with 0");
    }

    /** The visible screen, wrapped lines joined, trailing blanks dropped. */
    String screen() {
        return tmux("capture-pane", "-p", "-J", "-t", socket).stripTrailing();
    }

    /** The last non-blank line on screen (where the prompt and the line being typed are). */
    String lastLine() {
        String[] lines = screen().split("\n");
        return lines[lines.length - 1];
    }

    /** Waits (polling the screen) until {@code test} holds; fails with the screen if it never does. */
    String awaitScreen(Predicate<String> test, String what) {
        return awaitScreen(test, what, WAIT_MS);
    }

    String awaitScreen(Predicate<String> test, String what, long waitMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        String s = "";
        while (System.nanoTime() < end) {
            s = screen();
            if (test.test(s)) return s;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + s);
    }

    /** Number of times {@code needle} appears on the screen. */
    static int count(String screen, String needle) {
        int n = 0;
        for (int i = screen.indexOf(needle); i >= 0; i = screen.indexOf(needle, i + 1)) n++;
        return n;
    }

    private String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tmux (scripts/setup.sh installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the pane's processes (bpfx too, if a test failed before it left) and the server. */
    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IllegalStateException alreadyGone) {
            // the server ends when its last session does
        }
    }
}
