package io.bpfx.stdlib;

import io.bpfx.dsl.RunOptions;
import io.bpfx.dsl.ScriptLoader;
import io.bpfx.dsl.ScriptModel;
import io.bpfx.dsl.TargetSpec;
import io.bpfx.engine.ProbeSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bpfx tools} shows of a tool: its set_description (first line), the probe kinds
 * its programs need (their SEC() names, and the targets' set_kind) and whether this kernel has
 * them. Reads files and runs the description scope only: nothing touches the kernel.
 */
public record ToolInfo(String name, String description, List<String> kinds) {
    private static final Pattern SEC = Pattern.compile("SEC\\(\"([^\"]+)\"\\)");

    public static ToolInfo of(String name, Path script) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ScriptModel model = ScriptLoader.load(script, new RunOptions(0, false, quiet, quiet, Map.of())).model();
        Set<String> kinds = new LinkedHashSet<>();
        for (TargetSpec t : model.targets()) {
            if (t.kind() != io.bpfx.dsl.TargetKind.BASIC) kinds.add(ProbeSupport.kindOfSection(t.kind().luaName()));
            for (var f : t.files()) {
                if (!f.path().toString().endsWith(".bpf.c")) continue;
                try {
                    Matcher m = SEC.matcher(Files.readString(f.path()));
                    while (m.find()) {
                        String s = m.group(1);
                        if (!s.startsWith(".") && !s.equals("license")) kinds.add(ProbeSupport.kindOfSection(s));
                    }
                } catch (IOException e) {
                    throw new io.bpfx.engine.BpfxException("cannot read " + f.path() + ": " + e.getMessage(), e);
                }
            }
        }
        String d = model.description() == null ? "" : model.description().lines().findFirst().orElse("");
        return new ToolInfo(name, d, List.copyOf(kinds));
    }

    /** Empty when this kernel runs every kind the tool needs, else the first reason it cannot. */
    public java.util.Optional<String> missing(ProbeSupport support) {
        for (String k : kinds) {
            ProbeSupport.Verdict v = support.check(k);
            if (!v.ok()) return java.util.Optional.of(v.why());
        }
        return java.util.Optional.empty();
    }
}
