package io.bpfx.engine.bcc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** BCC inserts tracepoint structs before it compiles; errors still name the user's line. */
class BccErrorLineTest {
    static final String SOURCE = "BPF_HASH(counts, u64);\n\n// comment\nTRACEPOINT_PROBE(timer, timer_start) {\n"
            + "    counts.increment((u64) args->function); oops++;\n    return 0;\n}\n";

    @Test
    void theQuotedLineIsFoundInTheSource() {
        String stderr = "/virtual/main.c:14:46: error: use of undeclared identifier 'oops'\n"
                + "    counts.increment((u64) args->function); oops++;\n                                            ^\n";
        assertEquals("t.c:5: use of undeclared identifier 'oops'", BccModule.firstError(stderr, Path.of("t.c"), SOURCE));
    }

    @Test
    void withoutAQuoteTheReportedLineStays() {
        assertEquals("t.c:2: expected ';'", BccModule.firstError("/virtual/main.c:2:3: error: expected ';'\n",
                Path.of("t.c"), SOURCE));
        assertEquals(1, BccModule.userLine(SOURCE, 1, "BPF_HASH(counts, u64);"));
    }
}
