package io.bpfx.stdlib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a ready tool says about itself in its first comment lines:
 * {@code -- NAME: what it does.} and a usage line {@code --   bpfx run examples/NAME.lua ARGS}.
 */
public record ToolHeader(String name, String description, String args) {
    private static final Pattern USAGE = Pattern.compile("^--\\s+bpfx run \\S+\\.lua\\s*(.*?)\\s*(\\(.*\\))?$");

    /** The header of tool {@code name}, empty when there is no such tool. */
    public static Optional<ToolHeader> of(String name) {
        if (!ToolCatalog.names().contains(name)) return Optional.empty();
        try (InputStream in = ToolCatalog.class.getResourceAsStream(ToolCatalog.ROOT + name + ".lua")) {
            if (in == null) return Optional.of(new ToolHeader(name, "", ""));
            return Optional.of(parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.of(new ToolHeader(name, "", ""));
        }
    }

    static ToolHeader parse(String name, String lua) {
        String description = "";
        String args = "";
        for (String line : lua.lines().takeWhile(l -> l.startsWith("--")).toList()) {
            if (description.isEmpty() && line.startsWith("-- " + name + ":")) {
                description = line.substring(name.length() + 4).strip();
            }
            Matcher m = USAGE.matcher(line);
            if (m.matches() && args.length() < m.group(1).length()) {
                args = m.group(1).replaceAll("#.*", "").strip();
            }
        }
        return new ToolHeader(name, description, args);
    }
}
