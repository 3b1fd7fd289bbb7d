package io.bpfx.cli.repl;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import java.util.List;
import java.util.function.Predicate;

/**
 * jline's view of a typed chunk: Enter on an unfinished chunk ({@code function f()} without
 * its {@code end}) goes on to a continuation line (an {@link EOFError} tells jline so), and
 * the word Tab completes is the one {@link TypedContext} finds (a name, or a string's text).
 */
final class LuaLineParser implements Parser {
    private final Predicate<String> incomplete;

    /** {@code incomplete}: asks the Lua compiler (on the Lua thread) whether a chunk goes on. */
    LuaLineParser(Predicate<String> incomplete) {
        this.incomplete = incomplete;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !Repl.isCommand(line) && !line.isBlank() && incomplete.test(line)) {
            throw new EOFError(-1, -1, "unfinished chunk", "lua");
        }
        String word = TypedContext.of(line.substring(0, Math.min(cursor, line.length()))).word();
        return new Parsed(line, cursor, word);
    }

    /** Candidates go in as they are: a string's text is completed inside its quotes. */
    private record Parsed(String line, int cursor, String word) implements CompletingParsedLine {
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return word.length();
        }

        @Override
        public int rawWordLength() {
            return word.length();
        }

        @Override
        public int wordCursor() {
            return word.length();
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word);
        }
    }
}
