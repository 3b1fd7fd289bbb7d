package io.bpfx.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REPL's {@code help}: the function tables of docs/dsl.md, which the build copies into
 * this jar, so the prompt and the manual say the same thing (one text to keep up).
 */
public final class DslHelp {
    /** Where dsl/pom.xml puts docs/dsl.md. */
    static final String RESOURCE = "/io/bpfx/dsl/dsl.md";
    private static final Pattern CODE = Pattern.compile("`([A-Za-z_][A-Za-z0-9_.]*)[({]([^`]*)`"); // f(...) or f{...}

    /** One documented function: its signature(s) as the table writes them, the scope, the text. */
    public record Entry(String name, String signature, String scope, String text) {
        /** The first sentence (up to "; " or ". "), for the one-line index. */
        String summary() {
            int end = text.length();
            for (String stop : new String[] {". ", "; "}) {
                int i = text.indexOf(stop);
                if (i > 0 && i < end) end = i;
            }
            return text.substring(0, end);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private DslHelp(String markdown) {
        String scope = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                String h = line.substring(3).trim();
                scope = h.equals("Description scope") ? "description scope" : h.equals("Script scope") ? "script scope" : null;
                continue;
            }
            if (scope == null || !line.startsWith("| `")) continue;
            String[] cells = line.split("(?<!\\\\)\\|");
            if (cells.length < 3) continue;
            String sig = plain(cells[1].trim());
            String text = plain(cells[2].trim());
            String where = text.startsWith("(both scopes)") ? "both scopes" : scope;
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                entries.putIfAbsent(m.group(1), new Entry(m.group(1), sig, where, text));
            }
        }
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "").replace("**", "").replace("\\|", "|");
    }

    /** The help of this build (docs/dsl.md as packaged). */
    public static DslHelp load() {
        try (InputStream in = DslHelp.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("docs/dsl.md is missing from the dsl jar (" + RESOURCE + ")");
            return new DslHelp(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DslHelp parse(String markdown) {
        return new DslHelp(markdown);
    }

    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** {@code help}: every function, one line each, grouped by scope, within {@code width} columns. */
    public String index(int width) {
        StringBuilder sb = new StringBuilder();
        String scope = null;
        for (Entry e : entries.values()) {
            if (!e.scope().equals(scope) && !e.scope().equals("both scopes")) {
                scope = e.scope();
                sb.append(scope.equals("description scope")
                        ? "Declare (description scope; at the prompt too):\n"
                        : "Act (script scope; at the prompt, in entry and callbacks):\n");
            }
            String head = "  " + e.name();
            String line = String.format("%-18s %s", head, e.summary());
            sb.append(line.length() > width ? line.substring(0, width - 3) + "..." : line).append('\n');
        }
        return sb.toString();
    }

    /** {@code help NAME}: the signature, the scope, and the manual's text wrapped to {@code width}. */
    public Optional<String> describe(String name, int width) {
        return entry(name).map(e -> e.signature() + "  (" + e.scope() + ")\n" + wrap(e.text(), width, "  "));
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" +")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
