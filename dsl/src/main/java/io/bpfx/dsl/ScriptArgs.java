package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words after a script on the command line, read against the options it declared
 * ({@link ScriptOption}): {@code -p 42}, {@code --pid 42}, {@code --pid=42}, {@code -p42}, flags,
 * clustered flags ({@code -Lm}), {@code --} ending options, positionals in declaration order.
 * Words no declared positional takes go to {@code entry()}. Pure: no Lua, no kernel.
 */
public record ScriptArgs(Map<String, Object> values, List<String> words) {

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-\\d+(\\.\\d+)?");

    /** @throws ScriptUsageError naming the word and what the script accepts */
    public static ScriptArgs parse(String scriptPath, List<ScriptOption> options, List<String> args) {
        String script = java.nio.file.Path.of(scriptPath).getFileName().toString();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        List<ScriptOption> positionals = options.stream().filter(ScriptOption::isPositional).toList();
        boolean optionsOver = false;
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            if (!optionsOver && w.equals("--")) {
                optionsOver = true;
                continue;
            }
            if (optionsOver || !w.startsWith("-") || w.equals("-") || NUMBER.matcher(w).matches()) {
                words.add(w);
                continue;
            }
            String name = w;
            String inline = null;
            if (w.startsWith("--") && w.contains("=")) {
                name = w.substring(0, w.indexOf('='));
                inline = w.substring(w.indexOf('=') + 1);
            } else if (!w.startsWith("--") && w.length() > 2) {
                // -p42 (a valued short option) or -Lm (clustered flags)
                ScriptOption first = find(options, w.substring(0, 2));
                if (first != null && first.type() != ScriptOption.Type.FLAG) {
                    name = w.substring(0, 2);
                    inline = w.substring(2);
                } else if (first != null) {
                    for (int c = 1; c < w.length(); c++) {
                        ScriptOption flag = find(options, "-" + w.charAt(c));
                        if (flag == null || flag.type() != ScriptOption.Type.FLAG) throw unknown(script, "-" + w.charAt(c), options);
                        values.put(flag.name(), Boolean.TRUE);
                    }
                    continue;
                }
            }
            ScriptOption o = find(options, name);
            if (o == null) throw unknown(script, name, options);
            if (o.type() == ScriptOption.Type.FLAG) {
                if (inline != null) throw new ScriptUsageError(script + ": option " + name + " takes no value");
                values.put(o.name(), Boolean.TRUE);
                continue;
            }
            if (inline == null) {
                if (i + 1 >= args.size()) throw new ScriptUsageError(script + ": option " + name + " needs a value (" + o.metavar() + ")");
                inline = args.get(++i);
            }
            values.put(o.name(), convert(script, o, name, inline));
        }
        int next = 0;
        List<String> rest = new ArrayList<>();
        for (String w : words) {
            if (next < positionals.size()) {
                ScriptOption p = positionals.get(next++);
                values.put(p.name(), convert(script, p, p.metavar(), w));
            }
            rest.add(w);
        }
        if (!positionals.isEmpty() && words.size() > positionals.size()) {
            throw new ScriptUsageError(script + ": unexpected argument " + words.get(positionals.size())
                    + " (takes " + positionals.stream().map(ScriptOption::usage).collect(Collectors.joining(" ")) + ")");
        }
        return new ScriptArgs(values, rest);
    }

    private static Object convert(String script, ScriptOption o, String name, String text) {
        if (o.type() != ScriptOption.Type.INT) return text;
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ScriptUsageError(script + ": " + name + " expects an integer, got \"" + text + "\"");
        }
    }

    private static ScriptOption find(List<ScriptOption> options, String word) {
        for (ScriptOption o : options) if (!o.isPositional() && o.matches(word)) return o;
        return null;
    }

    private static ScriptUsageError unknown(String script, String word, List<ScriptOption> options) {
        List<String> known = options.stream().filter(o -> !o.isPositional())
                .map(o -> o.shortName() != null ? o.shortName() : o.longName()).toList();
        return new ScriptUsageError(script + ": unknown option " + word
                + (known.isEmpty() ? " (it takes no options)" : " (options: " + String.join(" ", known) + "; --help lists them)"));
    }

    /** {@code --help} for a script: usage line, description, one line per option. */
    public static String help(String command, String description, List<ScriptOption> options) {
        StringBuilder b = new StringBuilder("Usage: " + command);
        if (options.stream().anyMatch(o -> !o.isPositional())) b.append(" [OPTIONS]");
        options.stream().filter(ScriptOption::isPositional).forEach(o -> b.append(' ').append(o.usage()));
        b.append('\n');
        if (description != null) b.append(description).append('\n');
        if (!options.isEmpty()) b.append('\n');
        int width = options.stream().mapToInt(o -> o.usage().length()).max().orElse(0);
        for (ScriptOption o : options) {
            b.append("  ").append(String.format("%-" + width + "s", o.usage())).append("  ").append(o.help());
            if (o.defaultValue() != null && o.type() != ScriptOption.Type.FLAG) b.append(" (default ").append(o.defaultValue()).append(')');
            b.append('\n');
        }
        return b.toString();
    }
}
