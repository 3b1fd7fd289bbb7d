package io.bpfx.cli.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the cursor is in a typed Lua line, for completion: inside a string literal (which
 * function's which argument, and the text so far), or at the end of a name ({@code ma},
 * {@code string.fo}), or in a REPL command ({@code help ru}, {@code :load op}). The "word" is
 * the part a completion replaces.
 */
record TypedContext(Kind kind, String word, String function, int argument, List<String> earlierArgs) {
    enum Kind { STRING, NAME, COMMAND }

    private static final Pattern NAME_TAIL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*$");
    private static final Pattern CALLEE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*$");
    private static final Pattern STRING_ARG = Pattern.compile("^\\s*[\"'](.*)[\"']\\s*$");

    static TypedContext of(String before) {
        String trimmed = before.stripLeading();
        if (trimmed.startsWith(":") || trimmed.startsWith("help ")) {
            int sp = trimmed.indexOf(' ');
            String cmd = sp < 0 ? trimmed : trimmed.substring(0, sp);
            return new TypedContext(Kind.COMMAND, sp < 0 ? trimmed : trimmed.substring(sp + 1).stripLeading(),
                    sp < 0 ? "" : cmd, sp < 0 ? 0 : 1, List.of());
        }
        int quote = openQuote(before);
        if (quote >= 0) {
            String head = before.substring(0, quote);
            int paren = openParen(head);
            String fn = "";
            int arg = 1;
            List<String> earlier = new ArrayList<>();
            if (paren >= 0) {
                Matcher m = CALLEE.matcher(head.substring(0, paren));
                if (m.find()) fn = m.group(1);
                for (String a : topLevelCommaSplit(head.substring(paren + 1))) {
                    Matcher s = STRING_ARG.matcher(a);
                    earlier.add(s.matches() ? s.group(1) : a.trim());
                }
                arg = earlier.size() + 1;
            }
            return new TypedContext(Kind.STRING, before.substring(quote + 1), fn, arg, earlier);
        }
        Matcher m = NAME_TAIL.matcher(before);
        return new TypedContext(Kind.NAME, m.find() ? m.group() : "", "", 0, List.of());
    }

    /** Index of the quote opening an unterminated string at the end, or -1 (skips -- comments). */
    private static int openQuote(String s) {
        int open = -1;
        char q = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (open >= 0) {
                if (c == '\\') i++;
                else if (c == q) open = -1;
            } else if (c == '"' || c == '\'') {
                open = i;
                q = c;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                if (nl < 0) return -1;
                i = nl;
            }
        }
        return open;
    }

    /** The '(' of the call the end of {@code s} is inside, or -1 (strings skipped). */
    private static int openParen(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') depth++;
            else if (c == '(') {
                if (depth == 0) return i;
                depth--;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** The arguments before the cursor: split at commas outside strings, braces and parens. */
    private static List<String> topLevelCommaSplit(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        char q = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q != 0) {
                if (c == '\\') i++;
                else if (c == q) q = 0;
            } else if (c == '"' || c == '\'') q = c;
            else if (c == '(' || c == '{') depth++;
            else if (c == ')' || c == '}') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return out; // the text after the last comma is the argument being typed
    }
}
