package io.bpfx.exporter.config;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the text of BCC C says before it is compiled: its identifiers, the functions
 * BCC's macros generate ({@code TRACEPOINT_PROBE(timer, timer_start)} defines
 * {@code tracepoint__timer__timer_start}) and the tables its {@code BPF_*} macros
 * declare. Only a name that occurs nowhere is refused here, so a macro of the user's
 * own never trips it; the compiled module has the final word.
 */
final class BccSource {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TRACEPOINT_PROBE = Pattern.compile("\\bTRACEPOINT_PROBE\\s*\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");
    private static final Pattern RAW_TRACEPOINT_PROBE = Pattern.compile("\\bRAW_TRACEPOINT_PROBE\\s*\\(\\s*(\\w+)\\s*\\)");
    private static final Pattern KFUNC_PROBE = Pattern.compile("\\b(KFUNC|KRETFUNC)_PROBE\\s*\\(\\s*(\\w+)");
    private static final Pattern TABLE = Pattern.compile(
            "\\bBPF_(?!TABLE|F_TABLE)[A-Z_]+\\s*\\(\\s*(\\w+)|\\bBPF_(?:F_)?TABLE[A-Z_]*\\s*\\(\\s*\"[^\"]*\"\\s*,[^,]+,[^,]+,\\s*(\\w+)");

    private final Set<String> identifiers = new LinkedHashSet<>();
    private final Set<String> generated = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();

    BccSource(String code) {
        String text = code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher m = IDENT.matcher(text);
        while (m.find()) identifiers.add(m.group());
        m = TRACEPOINT_PROBE.matcher(text);
        while (m.find()) generated.add("tracepoint__" + m.group(1) + "__" + m.group(2));
        m = RAW_TRACEPOINT_PROBE.matcher(text);
        while (m.find()) generated.add("raw_tracepoint__" + m.group(1));
        m = KFUNC_PROBE.matcher(text);
        while (m.find()) generated.add(m.group(1).toLowerCase() + "__" + m.group(2));
        m = TABLE.matcher(text);
        while (m.find()) tables.add(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** Functions TRACEPOINT_PROBE / RAW_TRACEPOINT_PROBE / KFUNC_PROBE generate. */
    Set<String> generatedFunctions() {
        return generated;
    }

    /** Tables declared by BPF_* macros (as far as a regular expression can tell). */
    Set<String> tables() {
        return tables;
    }

    void requireFunction(ConfigFields f, String path, String function) {
        if (generated.contains(function) || identifiers.contains(function)) return;
        String hint = generated.isEmpty() ? "" : " (the code's macros generate: " + String.join(", ", generated) + ")";
        throw f.bad(path, "no function \"" + function + "\" in the code" + hint);
    }

    void requireTable(ConfigFields f, String path, String table) {
        if (identifiers.contains(table)) return;
        throw f.bad(path, "no table \"" + table + "\" in the code (tables: "
                + (tables.isEmpty() ? "none" : String.join(", ", tables)) + ")");
    }
}
