package io.bpfx.cli.repl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where Tab was pressed: the word to complete and the call it is an argument of. */
class TypedContextTest {

    @Test
    void aNameAtTheEnd() {
        assertEquals(new TypedContext(TypedContext.Kind.NAME, "ma", "", 0, List.of()), TypedContext.of("x = ma"));
        assertEquals("string.fo", TypedContext.of("print(string.fo").word());
    }

    @Test
    void aStringArgumentKnowsItsCallAndPosition() {
        TypedContext c = TypedContext.of("attach_to(\"on_openat\", \"syscalls:sys_enter_op");
        assertEquals(TypedContext.Kind.STRING, c.kind());
        assertEquals("syscalls:sys_enter_op", c.word());
        assertEquals("attach_to", c.function());
        assertEquals(2, c.argument());
        assertEquals(List.of("on_openat"), c.earlierArgs());
        TypedContext m = TypedContext.of("map('opens', 'co");
        assertEquals(List.of("map", "2", "opens", "co"),
                List.of(m.function(), Integer.toString(m.argument()), m.earlierArgs().get(0), m.word()));
    }

    @Test
    void closedStringsAndCommentsDoNotCount() {
        assertEquals(TypedContext.Kind.NAME, TypedContext.of("print(\"a\") -- say \"hi").kind());
        TypedContext c = TypedContext.of("x = \"a\" .. \"/usr/bin/bash:read");
        assertEquals("/usr/bin/bash:read", c.word());
        assertEquals("", c.function());
        assertEquals("esc\\\"aped", TypedContext.of("s = \"esc\\\"aped").word());
    }

    @Test
    void replCommands() {
        assertEquals(new TypedContext(TypedContext.Kind.COMMAND, "ru", "help", 1, List.of()), TypedContext.of("help ru"));
        assertEquals(new TypedContext(TypedContext.Kind.COMMAND, ":ta", "", 0, List.of()), TypedContext.of(":ta"));
        assertEquals("open", TypedContext.of(":load open").word());
    }
}
