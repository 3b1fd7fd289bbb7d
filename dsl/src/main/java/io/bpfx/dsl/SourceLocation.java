package io.bpfx.dsl;

/**
 * Where in a script something was declared or went wrong: the chunk name (the script path as
 * the user gave it) and a 1-based line. Prints as {@code tracer.lua:12}, the form every bpfx
 * error message starts with.
 */
public record SourceLocation(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + (line > 0 ? Integer.toString(line) : "?");
    }
}
