package io.bpfx.dsl;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The text form {@code print} uses: a table prints as {@code { comm = "lua", pid = 1234 }} with
 * keys sorted ({@link LuaOrder}), an array as {@code { 1, 2, 3 }}, nested tables inline, strings
 * quoted inside tables but not at top level, and a table inside itself as {@code <cycle>}.
 * Values with a {@code __tostring} metamethod print as that.
 */
final class LuaValueFormatter {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false",
            "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
            "true", "until", "while");

    private LuaValueFormatter() {
    }

    /** Top-level form: strings as they are. */
    static String format(LuaValue value) {
        if (value.type() == LuaValue.TSTRING) {
            return value.tojstring();
        }
        StringBuilder out = new StringBuilder();
        append(value, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.toString();
    }

    /** Nested form: strings quoted. */
    static String formatNested(LuaValue value) {
        StringBuilder out = new StringBuilder();
        append(value, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.toString();
    }

    private static void append(LuaValue value, StringBuilder out, Set<LuaTable> path) {
        LuaValue meta = value.getmetatable(); // Java null when there is none
        if (meta != null && !meta.rawget(LuaValue.TOSTRING).isnil()) {
            out.append(meta.rawget(LuaValue.TOSTRING).call(value).tojstring());
            return;
        }
        switch (value.type()) {
            case LuaValue.TSTRING -> quote(value.checkstring(), out);
            case LuaValue.TTABLE -> table((LuaTable) value, out, path);
            default -> out.append(value.tojstring());
        }
    }

    private static void table(LuaTable table, StringBuilder out, Set<LuaTable> path) {
        if (!path.add(table)) {
            out.append("<cycle>");
            return;
        }
        try {
            if (LuaConversions.isArray(table)) {
                out.append("{ ");
                for (int i = 1; i <= table.rawlen(); i++) {
                    if (i > 1) {
                        out.append(", ");
                    }
                    append(table.rawget(i), out, path);
                }
                out.append(" }");
                return;
            }
            List<LuaValue> keys = LuaConversions.sortedKeys(table);
            if (keys.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{ ");
            boolean first = true;
            for (LuaValue key : keys) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                key(key, out, path);
                out.append(" = ");
                append(table.rawget(key), out, path);
            }
            out.append(" }");
        } finally {
            path.remove(table);
        }
    }

    private static void key(LuaValue key, StringBuilder out, Set<LuaTable> path) {
        if (key.type() == LuaValue.TSTRING) {
            String name = key.tojstring();
            if (IDENTIFIER.matcher(name).matches() && !KEYWORDS.contains(name)) {
                out.append(name);
                return;
            }
        }
        out.append('[');
        append(key, out, path);
        out.append(']');
    }

    /** Like Lua's %q, on one line: \" \\ \n \r \t, other control bytes as \ddd. */
    private static void quote(LuaString s, StringBuilder out) {
        out.append('"');
        String text = s.tojstring();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append('\\').append((int) c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
