package io.bpfx.cli.run;

import io.bpfx.engine.testing.NativeBuild;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bpfx ARGS...} as a real subprocess: a JVM on this test's class path running
 * {@code io.bpfx.cli.Main}, optionally under a wrapper command (e.g. setpriv to drop
 * capabilities), in a chosen directory and environment. {@link #start()} gives a
 * {@link BpfxProcess} to watch and signal; {@link #run()} waits for the exit.
 */
final class Bpfx {
    /** Compiled objects shared by every test run (the compile cache test uses its own). */
    static final Path TEST_CACHE = NativeBuild.root().resolve("cli/target/bpfx-run-cache");

    private final List<String> args;
    private String classPath = System.getProperty("java.class.path");
    private final List<String> wrapper = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path dir;

    private Bpfx(List<String> args) {
        this.args = args;
        env.put("BPFX_CACHE", TEST_CACHE.toString());
    }

    /** {@code bpfx ARGS...}. */
    static Bpfx command(String... args) {
        return new Bpfx(new ArrayList<>(Arrays.asList(args)));
    }

    /** {@code bpfx run SCRIPT ARGS...}, run in the script's directory as {@code bpfx run NAME}. */
    static Bpfx run(Path script, String... args) {
        List<String> all = new ArrayList<>(List.of("run", script.getFileName().toString()));
        all.addAll(Arrays.asList(args));
        return new Bpfx(all).in(script.getParent());
    }

    Bpfx in(Path workingDir) {
        this.dir = workingDir;
        return this;
    }

    Bpfx env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the JVM under {@code command...} (which must exec it, keeping the pid). */
    Bpfx wrappedBy(String... command) {
        wrapper.addAll(Arrays.asList(command));
        return this;
    }

    /**
     * Runs bpfx as user nobody, with no capabilities: its class path copied where nobody can
     * read it (/root is not), its compile cache in a directory nobody can write.
     */
    Bpfx asNobody() {
        classPath = readableClassPath();
        Path cache = NativeBuild.root().resolve("cli/target/e2e-nobody-cache");
        try {
            Files.createDirectories(cache);
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        env.put("BPFX_CACHE", cache.toString());
        return wrappedBy("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--");
    }

    private static String readableClassPath() {
        Path dir = NativeBuild.root().resolve("cli/target/e2e-classpath");
        List<String> entries = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            int i = 0;
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(e);
                if (Files.isRegularFile(p) && !p.startsWith(NativeBuild.root())) {
                    Path copy = dir.resolve((i++) + "-" + p.getFileName());
                    Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    entries.add(copy.toString());
                } else {
                    entries.add(e);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the class path to " + dir + ": " + e.getMessage(), e);
        }
        return String.join(File.pathSeparator, entries);
    }

    List<String> commandLine() {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        cmd.addAll(List.of("-cp", classPath, "io.bpfx.cli.Main"));
        cmd.addAll(args);
        return cmd;
    }

    BpfxProcess start() {
        ProcessBuilder pb = new ProcessBuilder(commandLine());
        if (dir != null) pb.directory(dir.toFile());
        pb.environment().remove("BPFX_DEBUG");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            return new BpfxProcess(pb.start(), String.join(" ", args));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + pb.command() + ": " + e.getMessage(), e);
        }
    }

    /** Starts, and waits for the exit. */
    BpfxProcess.Result run() {
        try (BpfxProcess p = start()) {
            return p.awaitExit();
        }
    }
}
