package io.bpfx.engine.build;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads clang's diagnostics into the one line bpfx shows: {@code file.bpf.c:LINE: message}. */
public final class BpfCompilerErrors {
    private static final Pattern CLANG_DIAG = Pattern.compile("^(.+?):(\\d+):(\\d+): (?:fatal )?error: (.*)$");

    private BpfCompilerErrors() {}

    /** "opensnoop.bpf.c:12: message" from clang's diagnostics, as the user named the file. */
    public static String firstError(String clangStderr, Path shownSource) {
        for (String line : clangStderr.split("\n")) {
            Matcher m = CLANG_DIAG.matcher(line.strip());
            if (m.matches()) {
                Path file = Path.of(m.group(1));
                String shown = file.getFileName().equals(shownSource.getFileName()) ? shown(shownSource) : shown(file);
                return shown + ":" + m.group(2) + ": " + m.group(4);
            }
        }
        String s = clangStderr.strip();
        return "clang failed on " + shownSource + (s.isEmpty() ? "" : ": " + s.lines().reduce((a, b) -> b).orElse(""));
    }


    /** A path under the working directory relative to it, as a user would type it; others as they are. */
    private static String shown(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        return file.isAbsolute() && file.normalize().startsWith(cwd) ? cwd.relativize(file.normalize()).toString() : file.toString();
    }
}
