package io.bpfx.stdlib;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolHeaderTest {
    @Test
    void descriptionAndArgsComeFromTheFirstComments() {
        ToolHeader h = ToolHeader.parse("funclatency", """
                -- funclatency: latency histogram (ns) of a user function.
                --   bpfx run examples/funclatency.lua [FUNC]   (default libc:malloc; Ctrl-C prints)
                --   bpfx run examples/funclatency.lua libc:getaddrinfo --duration 10
                target("funclatency")
                """);
        assertEquals("latency histogram (ns) of a user function.", h.description());
        assertEquals("libc:getaddrinfo --duration 10", h.args());
    }

    @Test
    void everyPackagedToolHasADescription() {
        for (String name : ToolCatalog.names()) {
            assertTrue(!ToolHeader.of(name).orElseThrow().description().isEmpty(), name);
        }
    }
}
