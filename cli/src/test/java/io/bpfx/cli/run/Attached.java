package io.bpfx.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.BpfState;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * BPF programs and links, and who holds them: the kernel keeps a program or link only while
 * some fd (or pin) refers to it, and /proc/PID/fdinfo says which ({@code prog_id:}, {@code link_id:}).
 * Other builds load programs on this machine at the same time, so "nothing left attached"
 * means: no program of ours that appeared during the test outlives its last holder.
 */
final class Attached {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Attached() {}

    /**
     * Programs named {@code ours} (and links to them) that appeared since {@code before} and that
     * no live process holds (so nothing will ever close them), after giving the kernel up to 3 s
     * to free what was closed; null when there are none. Programs of other names are someone
     * else's: a BCC program attached through a perf event fd, say, is held by no prog fd.
     */
    static String leakedSince(BpfState before, Set<String> ours) {
        String leak = null;
        for (int i = 0; i < 30; i++) {
            leak = unheldSince(before, ours);
            if (leak == null) return null;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return leak;
    }

    private static String unheldSince(BpfState before, Set<String> ours) {
        BpfState now = BpfState.now();
        Set<Long> progs = new TreeSet<>(now.programs());
        progs.removeAll(before.programs());
        Set<Long> links = new TreeSet<>(now.links());
        links.removeAll(before.links());
        if (progs.isEmpty() && links.isEmpty()) return null;
        Held held = heldBy(null);
        progs.removeAll(held.programs);
        links.removeAll(held.links);
        progs.removeIf(id -> !isOurs(programName(id), ours));
        links.removeIf(id -> !isOurs(programName(linkedProgram(id)), ours));
        return progs.isEmpty() && links.isEmpty() ? null : "programs " + progs + " and links " + links
                + " left behind, held by no process";
    }

    private static boolean isOurs(String name, Set<String> ours) {
        // without BTF names, the kernel keeps 15 characters
        return ours.contains(name) || name.length() == 15 && ours.stream().anyMatch(n -> n.startsWith(name));
    }

    private static long linkedProgram(long linkId) {
        JsonNode n = bpftool("link", linkId);
        return n == null || n.get("prog_id") == null ? -1 : n.get("prog_id").asLong();
    }

    /** The programs (by id, with their names) that process {@code pid} holds an fd of. */
    static TreeMap<Long, String> programsOf(long pid) {
        TreeMap<Long, String> named = new TreeMap<>();
        for (long id : heldBy(pid).programs) named.put(id, programName(id));
        return named;
    }

    private record Held(Set<Long> programs, Set<Long> links) {}

    /** Program and link ids held by {@code pid}, or by any process when null. */
    private static Held heldBy(Long pid) {
        Held held = new Held(new HashSet<>(), new HashSet<>());
        if (pid != null) {
            scan(Path.of("/proc", pid.toString(), "fdinfo"), held);
            return held;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) scan(p.resolve("fdinfo"), held);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return held;
    }

    private static void scan(Path fdinfo, Held held) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdinfo)) {
            for (Path fd : fds) {
                String text;
                try {
                    text = Files.readString(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                for (String line : text.split("\n")) {
                    if (line.startsWith("prog_id:")) held.programs.add(Long.parseLong(line.substring(8).strip()));
                    if (line.startsWith("link_id:")) held.links.add(Long.parseLong(line.substring(8).strip()));
                }
            }
        } catch (IOException processGone) {
            // exited while we looked
        }
    }

    private static String programName(long id) {
        JsonNode n = id < 0 ? null : bpftool("prog", id);
        return n == null || n.get("name") == null ? "?" : n.get("name").asText();
    }

    /** {@code bpftool -j prog|link show id ID}, or null when it is gone. */
    private static JsonNode bpftool(String what, long id) {
        try {
            Process p = new ProcessBuilder("bpftool", "-j", what, "show", "id", Long.toString(id)).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor();
            return out.length == 0 || p.exitValue() != 0 ? null : JSON.readTree(out);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The names of the BPF programs in every *.bpf.c under {@code dirs}: what bpfx can load in
     * these tests ({@code SEC("...") int name(} or {@code int BPF_KPROBE(name, ...)}).
     */
    static Set<String> programNamesIn(Path... dirs) {
        Pattern program = Pattern.compile("SEC\\(\"[^\"]*\"\\)\\s*int\\s+(?:BPF_\\w+\\(\\s*)?(\\w+)");
        Set<String> names = new TreeSet<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".bpf.c")).toList()) {
                    Matcher m = program.matcher(Files.readString(f));
                    while (m.find()) names.add(m.group(1));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        return names;
    }
}
