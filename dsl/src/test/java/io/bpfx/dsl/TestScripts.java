package io.bpfx.dsl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Loads Lua source under the chunk name "tracer.lua" and captures what it prints. */
final class TestScripts {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final RunOptions options;
    final Path dir;

    TestScripts(Path dir, boolean json) {
        this.dir = dir;
        this.options = new RunOptions(0, json, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
    }

    TestScripts(Path dir) {
        this(dir, false);
    }

    DslRuntime load(String source) {
        return ScriptLoader.load("tracer.lua", dir, source.getBytes(StandardCharsets.UTF_8), options);
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }
}
