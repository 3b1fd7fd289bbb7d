package io.bpfx.dsl;

import java.util.Locale;

/**
 * One option a script declares with {@code add_option{ "-p", "--pid", type = "int", help = "..." }}:
 * a flag or a valued option (short and/or long name), or — named without dashes — a positional
 * argument, filled in declaration order. {@code get_config(name())} reads it.
 */
public record ScriptOption(String shortName, String longName, String positional, Type type, String help,
                           Object defaultValue, SourceLocation location) {

    /** What an option's value is: {@code flag} takes none (true when given). */
    public enum Type {
        FLAG, INT, STRING;

        static Type fromLuaName(String s) {
            return switch (s) {
                case "flag", "bool", "boolean" -> FLAG;
                case "int", "integer", "number" -> INT;
                case "string" -> STRING;
                default -> null;
            };
        }
    }

    /** The get_config key: the long name without dashes (dashes inside become _), else the short letter. */
    public String name() {
        if (positional != null) return positional;
        String n = longName != null ? longName.substring(2) : shortName.substring(1);
        return n.replace('-', '_');
    }

    public boolean isPositional() {
        return positional != null;
    }

    /** "PID" for --pid: how help shows the value. */
    public String metavar() {
        return name().toUpperCase(Locale.ROOT);
    }

    /** "-p, --pid PID" as help shows it; "[INTERVAL]" for a positional. */
    public String usage() {
        if (isPositional()) return "[" + metavar() + "]";
        String names = shortName != null && longName != null ? shortName + ", " + longName
                : shortName != null ? shortName : "    " + longName;
        return type == Type.FLAG ? names : names + " " + metavar();
    }

    boolean matches(String word) {
        return word.equals(shortName) || word.equals(longName);
    }
}
