package io.bpfx.cli.repl;

import io.bpfx.engine.PerfEvents;
import io.bpfx.engine.Tracefs;
import io.bpfx.engine.elf.ElfFile;
import io.bpfx.engine.elf.ElfSymbol;
import io.bpfx.engine.elf.LibraryResolver;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The names a user can attach to, read from the system as they are needed (never from the
 * kernel's BPF side, never from Lua): tracepoints from tracefs, kernel functions from
 * /proc/kallsyms, function symbols of a binary through the engine's ELF reader, perf event
 * names, and files. Runs on the terminal thread; what is slow to read is kept.
 */
final class Places {
    private String[] kernelFunctions;
    private final Map<Path, List<String>> binarySymbols = new HashMap<>();
    /** Reads /etc/ld.so.cache once (tens of ms), not at every Tab. */
    private LibraryResolver libraries;

    /** {@code "syscalls:"} style categories, or {@code category:name} for a typed {@code category:}. */
    List<String> tracepoints(String typed) {
        Path events;
        try {
            events = Tracefs.root().resolve("events");
        } catch (RuntimeException unavailable) {
            return List.of();
        }
        int colon = typed.indexOf(':');
        if (colon < 0) {
            return dirsIn(events).stream().filter(c -> c.startsWith(typed)).map(c -> c + ":").toList();
        }
        String category = typed.substring(0, colon);
        String name = typed.substring(colon + 1);
        return dirsIn(events.resolve(category)).stream().filter(n -> n.startsWith(name))
                .map(n -> category + ":" + n).toList();
    }

    /** Raw tracepoint names: every event name, without its category. */
    List<String> rawTracepoints(String typed) {
        TreeSet<String> out = new TreeSet<>();
        try {
            Path events = Tracefs.root().resolve("events");
            for (String c : dirsIn(events)) {
                for (String n : dirsIn(events.resolve(c))) if (n.startsWith(typed)) out.add(n);
            }
        } catch (RuntimeException unavailable) {
            return List.of();
        }
        return new ArrayList<>(out);
    }

    /** Kernel functions (kprobe places) starting with {@code typed}, from /proc/kallsyms. */
    synchronized List<String> kernelFunctions(String typed) {
        if (kernelFunctions == null) kernelFunctions = readKallsyms();
        int from = Arrays.binarySearch(kernelFunctions, typed);
        if (from < 0) from = -from - 1;
        List<String> out = new ArrayList<>();
        for (int i = from; i < kernelFunctions.length && kernelFunctions[i].startsWith(typed); i++) {
            out.add(kernelFunctions[i]);
        }
        return out;
    }

    private static String[] readKallsyms() {
        TreeSet<String> names = new TreeSet<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"))) {
            for (String line; (line = r.readLine()) != null; ) {
                // "ffffffff81000000 T name [module]": text symbols only; "foo.cold" and
                // "foo.isra.0" are pieces of functions, not attach points
                int type = line.indexOf(' ') + 1;
                if (type <= 0 || type + 2 >= line.length() || (line.charAt(type) | 0x20) != 't') continue;
                int end = line.indexOf('\t', type + 2);
                String name = end < 0 ? line.substring(type + 2) : line.substring(type + 2, end);
                if (name.indexOf('.') < 0) names.add(name);
            }
        } catch (IOException unreadable) {
            return new String[0];
        }
        return names.toArray(new String[0]);
    }

    /** {@code binary:symbol} completions: the binary's function symbols starting with the typed symbol. */
    synchronized List<String> binarySymbols(String typed) {
        int colon = typed.lastIndexOf(':');
        String binary = typed.substring(0, colon);
        String symbol = typed.substring(colon + 1);
        Path path;
        try {
            if (libraries == null) libraries = LibraryResolver.system();
            path = libraries.resolveBinary(binary);
        } catch (RuntimeException notFound) {
            return List.of();
        }
        List<String> symbols = binarySymbols.computeIfAbsent(path, Places::functionSymbols);
        return symbols.stream().filter(s -> s.startsWith(symbol)).map(s -> binary + ":" + s).toList();
    }

    private static List<String> functionSymbols(Path binary) {
        try {
            TreeSet<String> names = new TreeSet<>();
            for (ElfSymbol s : ElfFile.read(binary).symbols()) {
                if (s.isFunction() && !s.name().isEmpty()) names.add(s.name());
            }
            return new ArrayList<>(names);
        } catch (RuntimeException notElf) {
            return List.of();
        }
    }

    List<String> perfEvents(String typed) {
        TreeSet<String> out = new TreeSet<>();
        for (String n : PerfEvents.names()) if (n.startsWith(typed)) out.add(n);
        return new ArrayList<>(out);
    }

    /** Paths starting with {@code typed}, relative to {@code base}; folders end in "/". */
    static List<String> files(String typed, Path base) {
        int slash = typed.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : typed.substring(0, slash + 1);
        String namePart = typed.substring(slash + 1);
        Path dir = dirPart.isEmpty() ? base : base.resolve(dirPart);
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePart) || (name.startsWith(".") && !namePart.startsWith("."))) continue;
                out.add(dirPart + name + (Files.isDirectory(p) ? "/" : ""));
            }
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static List<String> dirsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }
}
