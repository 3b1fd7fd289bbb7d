package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example the DSL contract comes from (seed 001), as dsl.md fixes it and as the seed has it. */
class SeedExampleTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final RunOptions options =
            new RunOptions(0, false, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
    private final RecordingHost host = new RecordingHost();

    private static Path seed(String name) throws URISyntaxException {
        return Path.of(SeedExampleTest.class.getResource("/seed/" + name).toURI());
    }

    @Test
    void parsesIntoTheExpectedModel() throws Exception {
        Path script = seed("tracer.lua");
        ScriptModel model = ScriptLoader.load(script, options).model();
        String file = script.toString();

        assertEquals(file, model.scriptName());
        assertEquals(List.of("ebpf_program1", "ebpf_program2"), model.targetNames());

        TargetSpec basic = model.target("ebpf_program1").orElseThrow();
        assertEquals(new SourceLocation(file, 1), basic.location());
        assertEquals(TargetKind.BASIC, basic.kind());
        assertEquals(1, basic.files().size());
        assertEquals("src/opensnoop.bpf.c", basic.files().get(0).given());
        assertEquals(script.getParent().resolve("src/opensnoop.bpf.c"), basic.files().get(0).path());
        assertTrue(basic.attachments().isEmpty());
        assertTrue(basic.eventHandlers().isEmpty());

        TargetSpec uprobe = model.target("ebpf_program2").orElseThrow();
        assertEquals(new SourceLocation(file, 4), uprobe.location());
        assertEquals(TargetKind.UPROBE, uprobe.kind());
        assertEquals(new SourceLocation(file, 5), uprobe.kindLocation().orElseThrow());
        Attachment attach = uprobe.attachments().get(0);
        assertEquals("handler_entry_uprobe", attach.program());
        assertEquals("lua_pcall", attach.place());
        assertTrue(attach.options().isEmpty());
        assertEquals(new SourceLocation(file, 6), attach.location());
        assertEquals(1, uprobe.eventHandlers().size());
        assertTrue(uprobe.eventHandlers().get(0).map().isEmpty());
        assertEquals(new SourceLocation(file, 7), uprobe.eventHandlers().get(0).location());
        assertEquals("src/uprobe.bpf.c", uprobe.files().get(0).given());
        assertEquals(new SourceLocation(file, 12), uprobe.files().get(0).location());

        assertEquals(new SourceLocation(file, 14), model.entryLocation().orElseThrow());
    }

    @Test
    void uprobeArgumentRunsSleepsAndRunsAndTheEventHandlerPrintsSorted() throws Exception {
        host.keepRunning = false;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("pid", 1234L);
        event.put("comm", "lua");
        host.queueEvent("ebpf_program2", event);

        int code = new ScriptRunner(options).run(seed("tracer.lua"), new String[] {"uprobe"}, host);

        assertEquals(0, code);
        assertEquals(List.of("prepare", "run ebpf_program1", "sleep 1000", "stop ebpf_program1", "run ebpf_program2"),
                host.calls);
        assertEquals("uprobe event: { comm = \"lua\", pid = 1234 }\n", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void otherArgumentsRunOnlyTheBasicTarget() throws Exception {
        host.keepRunning = false;
        new ScriptRunner(options).run(seed("tracer.lua"), new String[0], host);
        assertEquals(List.of("prepare", "run ebpf_program1"), host.calls);
    }

    @Test
    void theSeedsTypoReopensTheFirstTargetAndRunFailsAtItsLine() throws Exception {
        Path script = seed("tracer_as_in_seed.lua");
        DslRuntime rt = ScriptLoader.load(script, options);
        TargetSpec merged = rt.model().target("ebpf_program1").orElseThrow();
        assertEquals(List.of("ebpf_program1"), rt.model().targetNames());
        assertEquals(TargetKind.UPROBE, merged.kind());
        assertEquals(List.of("src/opensnoop.bpf.c", "src/uprobe.bpf.c"), merged.files().stream().map(DeclaredPath::given).toList());

        host.keepRunning = false;
        ScriptError e = assertThrows(ScriptError.class,
                () -> new ScriptRunner(options).run(rt, new String[] {"uprobe"}, host));
        assertEquals(script + ":18: run(): unknown target \"ebpf_program2\" (declared: ebpf_program1)", e.getMessage());
    }
}
