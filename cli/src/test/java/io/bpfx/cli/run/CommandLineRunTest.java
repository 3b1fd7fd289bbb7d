package io.bpfx.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line itself: --json output, --help, --version, and usage errors (exit 2). */
class CommandLineRunTest extends RunTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonPrintsOneObjectPerLine() throws Exception {
        try (BpfxProcess bpfx = Bpfx.run(resource("scripts/json.lua"), "--json", "-c", "bin=" + bin("uprobe_target")).start()) {
            bpfx.awaitAttached("calls");
            int pid;
            try (Workload w = Workload.start("uprobe_target", "5")) {
                pid = w.pid();
                assertEquals(5, w.go().awaitDone());
            }
            bpfx.awaitStdout(l -> l.contains("\"pid\":" + pid), 5, "of JSON events of " + pid);
            bpfx.signal("INT");
            BpfxProcess.Result r = bpfx.awaitExit();
            assertEquals(0, r.exitCode(), r::toString);

            List<JsonNode> lines = new ArrayList<>();
            for (String l : r.stdout()) lines.add(JSON.readTree(l)); // every line parses alone
            assertEquals("started", lines.get(0).asText());
            assertEquals(JSON.readTree("[1,\"two\",{\"three\":3}]"), lines.get(1));
            List<JsonNode> events = lines.subList(2, lines.size()).stream().filter(n -> n.path("pid").asInt() == pid).toList();
            assertEquals(5, events.size(), r::toString);
            for (int i = 0; i < 5; i++) {
                JsonNode e = events.get(i);
                assertEquals(List.of("comm", "pid", "value"), fieldNames(e), "keys sorted");
                assertEquals("uprobe_target", e.get("comm").asText());
                assertEquals(i, e.get("value").asInt());
            }
        }
    }

    @Test
    void jsonMapPrintIsOneObject() throws Exception {
        BpfxProcess.Result r = Bpfx.run(example("tracer.lua"), "--json", "--duration", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2, r.stdout().size(), r::toString);
        assertEquals("opens by command:", JSON.readTree(r.stdout().get(0)).asText());
        JsonNode map = JSON.readTree(r.stdout().get(1));
        assertEquals("opens", map.get("map").asText());
        for (JsonNode item : map.get("items")) {
            assertTrue(item.get("key").get("comm").isTextual(), item::toString);
            assertTrue(item.get("value").asLong() > 0, item::toString);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void help() {
        BpfxProcess.Result r = Bpfx.command("--help").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("Usage: bpfx [-hV] [COMMAND]", r.stdout().get(0));
        assertTrue(r.stdout().stream().anyMatch(l -> l.trim().startsWith("run ")), r::toString);
        assertTrue(r.stdout().contains("Exit codes: 0 ok, 1 script or runtime error, 2 usage error."), r::toString);
        assertEquals(List.of(), r.stderr());
    }

    @Test
    void runHelp() {
        BpfxProcess.Result r = Bpfx.command("run", "--help").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().get(0).startsWith("Usage: bpfx run "), r::toString);
        for (String option : List.of("--duration", "--pid", "--json")) {
            assertTrue(r.stdout().stream().anyMatch(l -> l.contains(option)), option + "\n" + r);
        }
    }

    @Test
    void version() {
        BpfxProcess.Result r = Bpfx.command("--version").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().get(0).matches("bpfx \\d+\\.\\d+\\.\\d+.*"), r::toString);
        assertEquals(List.of(), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                        // no command
        "nosuchcommand",
        "run",                                     // no script
        "run count.lua --duration soon",
        "run count.lua --duration -1",
        "run count.lua --pid notapid",
        "run --nosuch-option count.lua",
    })
    void usageErrorsExitTwo(String words) {
        String[] args = words.isEmpty() ? new String[0] : words.split(" ");
        BpfxProcess.Result r = Bpfx.command(args).in(resource("scripts")).run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().stream().anyMatch(l -> l.startsWith("bpfx: ")), r::toString);
        assertEquals(List.of(), r.stdout());
        assertNoStackTrace(r);
    }
}
