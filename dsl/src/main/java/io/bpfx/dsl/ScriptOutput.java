package io.bpfx.dsl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Varargs;

/**
 * Where {@code print} goes. Text mode writes the arguments' {@link LuaValueFormatter} forms with a
 * separator. JSON mode keeps stdout valid NDJSON: every print is one line holding one JSON value,
 * the argument itself when there is one, else an array of the arguments.
 */
final class ScriptOutput {
    private final PrintStream out;
    private final boolean json;

    ScriptOutput(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
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
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= args.narg(); i++) {
            if (i > 1) {
                text.append(separator);
            }
            text.append(LuaValueFormatter.format(args.arg(i)));
        }
        line(text.toString());
    }

    /** One line of text (no trailing newline in {@code text}). */
    void line(String text) {
        out.print(text);
        out.print('\n');
        out.flush();
    }

    /** Text that already ends lines itself. */
    void raw(String text) {
        out.print(text);
        out.flush();
    }
}
