package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetKindTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryContractName() {
        String[] names = {"basic", "tracepoint", "raw_tracepoint", "uprobe", "uretprobe", "usdt", "perf_event",
            "kprobe", "kretprobe"};
        TargetKind[] kinds = TargetKind.values();
        assertEquals(names.length, kinds.length);
        for (int i = 0; i < names.length; i++) {
            assertEquals(kinds[i], TargetKind.fromLuaName(names[i]).orElseThrow());
            assertEquals(names[i], kinds[i].luaName());
        }
        assertTrue(TargetKind.fromLuaName("UPROBE").isEmpty());
        assertTrue(TargetKind.fromLuaName("fentry").isEmpty());
    }

    @Test
    void setKindTakesThemFromLua() {
        for (TargetKind kind : TargetKind.values()) {
            DslRuntime rt = new TestScripts(dir).load("target('t')\nset_kind('" + kind.luaName() + "')");
            assertEquals(kind, rt.model().target("t").orElseThrow().kind());
        }
    }

    @Test
    void badKindNamesTheChoicesAndTheLine() {
        ScriptError e = assertThrows(ScriptError.class,
                () -> new TestScripts(dir).load("target('t')\n\nset_kind('uprob')"));
        assertEquals("tracer.lua:3: set_kind(): unknown kind \"uprob\" (expected one of: basic, tracepoint, "
                + "raw_tracepoint, uprobe, uretprobe, usdt, perf_event, kprobe, kretprobe)", e.getMessage());
        assertEquals(new SourceLocation("tracer.lua", 3), e.location().orElseThrow());
    }
}
