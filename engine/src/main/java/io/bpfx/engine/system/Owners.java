package io.bpfx.engine.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who holds which BPF object, from one pass over {@code /proc/PID/fd} (the link names
 * {@code anon_inode:bpf-prog}, {@code bpf-map}, {@code bpf_link}) and the matching
 * {@code /proc/PID/fdinfo} ({@code prog_id:}, {@code map_id:}). A process holding a
 * link holds its program too. Processes that vanish mid-scan are skipped.
 */
final class Owners {
    private static final Path PROC = Path.of("/proc");
    private final Map<Long, Set<Owner>> programs = new TreeMap<>();
    private final Map<Long, Set<Owner>> maps = new TreeMap<>();

    private Owners() {
    }

    static Owners scan() {
        Owners o = new Owners();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path proc : procs) {
                o.scan(proc);
            }
        } catch (IOException e) {
            // /proc unreadable: nobody is known to own anything
        }
        return o;
    }

    List<Owner> ofProgram(long id) {
        return new ArrayList<>(programs.getOrDefault(id, Set.of()));
    }

    List<Owner> ofMap(long id) {
        return new ArrayList<>(maps.getOrDefault(id, Set.of()));
    }

    private void scan(Path proc) {
        Owner owner = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                boolean prog = target.equals("anon_inode:bpf-prog") || target.equals("anon_inode:bpf_link");
                boolean map = target.equals("anon_inode:bpf-map");
                if (!prog && !map) {
                    continue;
                }
                if (owner == null) {
                    owner = owner(proc);
                }
                for (String line : Files.readAllLines(proc.resolve("fdinfo").resolve(fd.getFileName()))) {
                    if (prog && line.startsWith("prog_id:")) {
                        programs.computeIfAbsent(number(line), k -> new LinkedHashSet<>()).add(owner);
                    } else if (map && line.startsWith("map_id:")) {
                        maps.computeIfAbsent(number(line), k -> new LinkedHashSet<>()).add(owner);
                    }
                }
            }
        } catch (IOException | SecurityException gone) {
            // the process ended or is not ours to read
        }
    }

    private static long number(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
    }

    static Owner owner(Path proc) {
        int pid = Integer.parseInt(proc.getFileName().toString());
        String comm;
        try {
            comm = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            comm = "?";
        }
        String bpfx = null;
        try {
            bpfx = bpfxCommand(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .split("\0"));
        } catch (IOException e) {
            // gone
        }
        return new Owner(pid, comm, bpfx);
    }

    /** "bpfx run x.lua" when the command line runs bpfx's jar or main class, else null. */
    static String bpfxCommand(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            boolean jar = i > 0 && argv[i - 1].equals("-jar") && a.endsWith("bpfx.jar");
            if (jar || a.equals("io.bpfx.cli.Main")) {
                StringBuilder sb = new StringBuilder("bpfx");
                for (int j = i + 1; j < argv.length; j++) {
                    sb.append(' ').append(argv[j]);
                }
                return sb.toString();
            }
        }
        return null;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
