package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;

/**
 * Turns LuaJ's errors into one-line {@link ScriptError}s reading {@code tracer.lua:12: message}.
 * LuaJ 3.0.1 writes runtime errors as {@code tracer.lua:12 message} (no colon), syntax errors as
 * {@code [string "tracer.lua"]:12: message}, appends a stack traceback while the debug library
 * is installed, and wraps Java exceptions from Lua-called functions as "vm error: ...".
 */
final class LuaErrorTranslator {
    private static final Pattern SYNTAX = Pattern.compile("^\\[string \"(.*?)\"\\]:(\\d+): (.*)$", Pattern.DOTALL);
    /** "file:line message", the file not containing ": " (which would mean the message began). */
    private static final Pattern RUNTIME = Pattern.compile("^((?:(?!: )[^\\n])+?):(\\d+|\\?) (.*)$", Pattern.DOTALL);
    /** An engine message that already starts with a script line (an attach_to's declaration). */
    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+): (.*)$", Pattern.DOTALL);
    /** LuaJ's "attempt to index ? (a nil value)" when it cannot name the operand. */
    private static final Pattern UNNAMED_OPERAND = Pattern.compile("(attempt to [a-z ]+?) \\? \\(a (\\w+) value\\)");
    /** LuaJ's wording when a nil (or number, ...) is indexed for a store: {@code t.x = 1}. */
    private static final Pattern INDEX_EXPECTED = Pattern.compile("^index expected, got (\\w+)$");
    private static final Pattern UNEXPECTED_SYMBOL = Pattern.compile("unexpected symbol (\\d+) \\((.*)\\)");

    private final String chunkName;
    private final CallSiteNames callSites;
    private final LuaTable globals;

    LuaErrorTranslator(String chunkName, CallSiteNames callSites, LuaTable globals) {
        this.chunkName = chunkName;
        this.callSites = callSites;
        this.globals = globals;
    }

    ScriptError translate(LuaError error) {
        Throwable cause = error.getCause();
        if (cause instanceof ScriptError already) {
            // raised by a callback that ran inside a host call (sleep, stop): it has its own line
            return already;
        }
        String text = error.getMessage() == null ? "error" : error.getMessage();
        int traceback = text.indexOf("\nstack traceback:");
        if (traceback >= 0) {
            text = text.substring(0, traceback);
        }
        SourceLocation where = null;
        String message = text;
        Matcher syntax = SYNTAX.matcher(text);
        Matcher runtime = RUNTIME.matcher(text);
        if (syntax.matches()) {
            String file = syntax.group(1).endsWith("...") ? chunkName : syntax.group(1);
            where = new SourceLocation(file, Integer.parseInt(syntax.group(2)));
            message = tidySyntaxMessage(syntax.group(3));
        } else if (runtime.matches()) {
            String file = runtime.group(1);
            if (file.startsWith("@") || file.startsWith("=")) {
                file = file.substring(1);
            }
            where = new SourceLocation(file, "?".equals(runtime.group(2)) ? 0 : Integer.parseInt(runtime.group(2)));
            // Lua 5.2 words an operand it cannot name as "attempt to index a nil value"
            message = UNNAMED_OPERAND.matcher(runtime.group(3)).replaceAll("$1 a $2 value");
            message = INDEX_EXPECTED.matcher(message).replaceAll("attempt to index a $1 value");
        }
        if (cause instanceof BpfxException engineError) {
            message = engineError.getMessage();
            SourceLocation declared = declaredIn(where, message);
            if (declared != null) {
                return new ScriptError(oneLine(message), declared, cause);
            }
        } else if (where != null && "attempt to call nil".equals(message)) {
            message = callSites.explainNilCall(where, globals);
        }
        message = oneLine(message);
        return new ScriptError(where == null ? message : where + ": " + message, where, cause != null ? cause : error);
    }

    /** A located message for errors raised outside any Lua line (e.g. the default entry). */
    static ScriptError at(SourceLocation where, BpfxException cause) {
        SourceLocation declared = declaredIn(where, cause.getMessage());
        if (declared != null) {
            return new ScriptError(oneLine(cause.getMessage()), declared, cause);
        }
        return new ScriptError(where + ": " + oneLine(cause.getMessage()), where, cause);
    }

    /**
     * The script line an engine message already starts with (the engine names the declaring
     * line, e.g. of an attach_to), so that no second location goes in front of it.
     */
    private static SourceLocation declaredIn(SourceLocation where, String message) {
        if (where == null || message == null) {
            return null;
        }
        Matcher m = LOCATED.matcher(message);
        if (m.matches() && m.group(1).equals(where.file())) {
            return new SourceLocation(where.file(), Integer.parseInt(m.group(2)));
        }
        return null;
    }

    private static String tidySyntaxMessage(String message) {
        // LuaJ prints the token code: "unexpected symbol 43 (+)"; Lua says "near '+'"
        Matcher m = UNEXPECTED_SYMBOL.matcher(message);
        if (m.matches()) {
            int token = Integer.parseInt(m.group(1));
            return token < 256 ? "unexpected symbol near '" + m.group(2) + "'" : "unexpected symbol";
        }
        return message;
    }

    static String oneLine(String message) {
        return message == null ? "error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
