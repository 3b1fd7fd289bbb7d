package io.bpfx.dsl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Varargs;

/**
 * Where {@code print} goes. Text mode writes the arguments' {@link LuaValueFormatter} forms with a
 * separator. JSON mode keeps stdout valid NDJSON: every print is one line holding one JSON value,
 * the argument itself when there is one, else an array of the arguments. JSON mode with a text
 * mirror writes both: JSON to {@code out}, the text form to the mirror.
 */
final class ScriptOutput {
    private final PrintStream out;
    private final boolean json;
    private final PrintStream text;

    ScriptOutput(PrintStream out, boolean json, PrintStream textMirror) {
        this.out = out;
        this.json = json;
        this.text = json ? textMirror : out;
    }

    boolean json() {
        return json;
    }

    /** True when text lines are wanted (text mode, or JSON with a mirror). */
    boolean text() {
        return text != null;
    }

    void print(Varargs args, String separator) {
        if (json) {
            if (args.narg() == 1) {
                line(JsonWriter.write(LuaConversions.toDisplayJava(args.arg1())));
            } else {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= args.narg(); i++) {
                    values.add(LuaConversions.toDisplayJava(args.arg(i)));
                }
                line(JsonWriter.write(values));
            }
            if (!text()) return;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= args.narg(); i++) {
            if (i > 1) {
                text.append(separator);
            }
            text.append(LuaValueFormatter.format(args.arg(i)));
        }
        textLine(text.toString());
    }

    /** One line (no trailing newline in {@code line}) to {@code out}: JSON in JSON mode. */
    void line(String line) {
        out.print(line);
        out.print('\n');
        out.flush();
    }

    /** One line of the text form (to the mirror in JSON mode; nowhere without one). */
    void textLine(String line) {
        if (text == null) return;
        text.print(line);
        text.print('\n');
        text.flush();
    }

    /** Text that already ends lines itself. */
    void raw(String s) {
        if (text == null) return;
        text.print(s);
        text.flush();
    }
}
