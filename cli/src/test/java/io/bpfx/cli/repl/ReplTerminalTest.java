package io.bpfx.cli.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompt in a real terminal (tmux), without loading BPF: completion, help, multi-line
 * chunks, echoed results, one-line errors, history. Tracepoint completion reads tracefs.
 */
class ReplTerminalTest {
    @TempDir
    Path home;

    @Test
    void tabAfterMaCompletesMap() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.type("ma").press("Tab");
            repl.awaitScreen(s -> repl.lastLine().equals("bpfx> map("), "ma<Tab> to become map(");
        }
    }

    @Test
    void tabInATracepointStringOffersTheCategorysNames() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.type("attach_to(\"on_openat\", \"syscalls:sys_enter_op").press("Tab");
            // the common part is filled in, and the choices are listed under the line
            String s = repl.awaitScreen(x -> x.contains("syscalls:sys_enter_openat2"), "the tracepoint list");
            assertTrue(s.contains("bpfx> attach_to(\"on_openat\", \"syscalls:sys_enter_open"), s);
            assertTrue(s.matches("(?s).*syscalls:sys_enter_open\\s.*"), s);
            assertTrue(s.matches("(?s).*syscalls:sys_enter_openat\\s.*"), s);
            assertFalse(s.contains("sys_enter_read"), s);
        }
    }

    @Test
    void tabAfterABinaryCompletesItsSymbols() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.type("x = \"/usr/bin/bash:readl").press("Tab");
            repl.awaitScreen(s -> s.contains("bpfx> x = \"/usr/bin/bash:readline"), "readline");
        }
    }

    @Test
    void helpListsFunctionsAndHelpRunShowsTheManualsText() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.line("help");
            String s = repl.awaitScreen(x -> x.contains(":targets"), "the help index");
            assertTrue(s.contains("\n  add_files        relative to the script\n"), s);
            assertTrue(s.contains("\n  run              compile if needed, load and attach target name\n"), s);
            repl.line("help run");
            s = repl.awaitScreen(x -> x.contains("run(name [, values])  (script scope)"), "help run");
            assertTrue(s.contains("Attaching N probes"), s); // the rest of docs/dsl.md's row, wrapped
        }
    }

    @Test
    void expressionsEchoChunksContinueAndErrorsAreOneLine() throws Exception {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.line("1+1");
            repl.awaitScreen(s -> s.contains("bpfx> 1+1\n2\n"), "2");
            repl.line("t = {pid = 7, comm = \"sh\"}").line("t");
            repl.awaitScreen(s -> s.contains("{ comm = \"sh\", pid = 7 }"), "the table printed as print does");
            repl.line("function twice(x)").line("  return 2 * x").line("end");
            repl.line("twice(21)");
            repl.awaitScreen(s -> s.contains("\n42\n"), "a function typed over three lines");
            repl.line("nosuch.field");
            // lines 1-7 above (the function took three): the session numbers lines as a script does
            repl.awaitScreen(s -> s.contains("stdin:8: attempt to index a nil value"), "one error line");
            repl.line("run(\"nope\")");
            repl.awaitScreen(s -> s.contains("stdin:9: run(): unknown target \"nope\" (declared: none)"), "a DSL error");
            repl.ctrlD();
        }
        String history = Files.readString(home.resolve(".bpfx_history"));
        assertTrue(history.contains("twice(21)"), history);
        assertTrue(history.contains("1+1"), history);
    }

    @Test
    void ctrlCDuringALongSleepReturnsToThePrompt() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.line("sleep(60000)");
            repl.awaitScreen(s -> s.contains("bpfx> sleep(60000)"), "the command");
            // Ctrl-C until it lands in the sleep (one pressed before the command starts is
            // cleared with it); far less than the 60 s the sleep would take
            long start = System.nanoTime();
            String s = "";
            while (!s.contains("interrupted\nbpfx>") && System.nanoTime() - start < 20_000_000_000L) {
                repl.press("C-c");
                try {
                    s = repl.awaitScreen(x -> x.contains("interrupted\nbpfx>"), "interrupted", 1000);
                } catch (AssertionError notYet) {
                    s = "";
                }
            }
            assertTrue(s.contains("interrupted\nbpfx>"), s);
            repl.line("2+2");
            repl.awaitScreen(x -> x.contains("\n4\n"), "the session goes on");
        }
    }

    @Test
    void aReadyToolLoadsByCompletedName() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.type(":load opens").press("Tab");
            repl.awaitScreen(s -> s.endsWith("bpfx> :load opensnoop"), "the tool's name completed");
            repl.press("Enter");
            repl.awaitScreen(s -> s.contains("\ntargets opensnoop\n"), "its target declared");
            repl.line(":targets");
            repl.awaitScreen(s -> s.contains("opensnoop        declared basic          1        opensnoop.bpf.c"), ":targets");
        }
    }

    @Test
    void ctrlCAtThePromptDropsTheLineNotTheSession() {
        try (TmuxRepl repl = new TmuxRepl(home, home)) {
            repl.type("half typed");
            repl.awaitScreen(x -> x.endsWith("bpfx> half typed"), "the typed line");
            repl.press("C-c");
            // keys sent with the Ctrl-C would be flushed by the tty with it: wait for the new prompt
            repl.awaitScreen(x -> TmuxRepl.count(x, "bpfx>") == 2, "a fresh prompt");
            repl.line("3*3");
            String s = repl.awaitScreen(x -> x.endsWith("\n9\nbpfx>"), "the next command");
            assertEquals(1, TmuxRepl.count(s, "half typed"), s);
            assertFalse(s.contains("stdin:"), "the dropped line did not run\n" + s);
        }
    }
}
