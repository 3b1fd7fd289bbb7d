package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;

import java.util.regex.Pattern;

/**
 * The names a package may hold: plain relative paths inside it. Anything that could land
 * outside the install folder (zip-slip: {@code ../}, absolute paths, backslashes, drive
 * letters, empty or dot segments, control characters) is refused by name, before a byte is
 * written.
 */
final class EntryPaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}");
    static final int MAX_DEPTH = 4;

    private EntryPaths() {}

    /** {@code name} if it is a safe relative path inside the package, else one line naming it. */
    static String check(String shown, String name) {
        if (name == null || name.isEmpty()) throw bad(shown, "an empty entry name");
        if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            throw bad(shown, "entry " + quoted(name) + " is not a relative path inside the package");
        }
        String[] parts = name.split("/", -1);
        for (String p : parts) {
            if (p.equals("..") || p.equals(".")) {
                throw bad(shown, "entry " + quoted(name) + " points outside the package");
            }
            if (!SEGMENT.matcher(p).matches()) {
                throw bad(shown, "entry " + quoted(name) + " is not a plain file name (letters, digits, _ . + -)");
            }
        }
        if (parts.length > MAX_DEPTH) throw bad(shown, "entry " + quoted(name) + " is nested too deep");
        return name;
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
        return b.append('"').toString();
    }

    static BpfxException bad(String shown, String why) {
        return new BpfxException.BadInput("package " + shown + ": " + why);
    }
}
