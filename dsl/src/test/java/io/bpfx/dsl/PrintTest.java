package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** print / os.print output in text and --json modes (printing is allowed at top level). */
class PrintTest {
    @TempDir
    Path dir;

    private String text(String source) {
        TestScripts scripts = new TestScripts(dir);
        scripts.load(source);
        return scripts.out();
    }

    private String json(String source) {
        TestScripts scripts = new TestScripts(dir, true);
        scripts.load(source);
        return scripts.out();
    }

    @Test
    void tablesPrintWithSortedKeysAndTopLevelStringsUnquoted() {
        assertEquals("{ comm = \"lua\", pid = 1234 }\n", text("print({ pid = 1234, comm = 'lua' })"));
        assertEquals("comm\n", text("print('comm')"));
        assertEquals("nil\ttrue\t1.5\t3\n", text("print(nil, true, 1.5, 3)"));
    }

    @Test
    void printSeparatesWithTabsAndOsPrintDoesNot() {
        assertEquals("uprobe event: \t{ pid = 1 }\n", text("print('uprobe event: ', { pid = 1 })"));
        assertEquals("uprobe event: { pid = 1 }\n", text("os.print('uprobe event: ', { pid = 1 })"));
    }

    @Test
    void nestedTablesArraysAndOddKeys() {
        assertEquals("{ 1, 2, 3 }\n", text("print({ 1, 2, 3 })"));
        assertEquals("{}\n", text("print({})"));
        assertEquals("{ args = { \"-l\", \"x\" }, task = { comm = \"sh\", pid = 7 } }\n",
                text("print({ task = { pid = 7, comm = 'sh' }, args = { '-l', 'x' } })"));
        assertEquals("{ [1] = \"a\", [3] = \"c\", [\"a key\"] = 1, [\"end\"] = 2, ok = true }\n",
                text("print({ [1] = 'a', [3] = 'c', ['a key'] = 1, ['end'] = 2, ok = true })"));
        assertEquals("{ msg = \"say \\\"hi\\\"\\n\" }\n", text("print({ msg = 'say \"hi\"\\n' })"));
    }

    @Test
    void cyclesAreGuardedButSharedTablesPrintTwice() {
        assertEquals("{ name = \"t\", self = <cycle> }\n", text("local t = { name = 't' } t.self = t print(t)"));
        assertEquals("{ a = { 1 }, b = { 1 } }\n", text("local s = { 1 } print({ a = s, b = s })"));
    }

    @Test
    void tostringMetamethodIsUsed() {
        assertEquals("{ p = point(1,2) }\n", text("""
                local p = setmetatable({ x = 1, y = 2 }, { __tostring = function(v) return 'point(' .. v.x .. ',' .. v.y .. ')' end })
                print({ p = p })
                """));
    }

    @Test
    void jsonModeWritesOneValuePerLine() {
        assertEquals("{\"comm\":\"lua\",\"pid\":1234}\n", json("print({ pid = 1234, comm = 'lua' })"));
        assertEquals("[1,2.5,\"x\"]\n", json("print({ 1, 2.5, 'x' })"));
        assertEquals("\"plain text\"\n", json("print('plain text')"));
        assertEquals("[\"uprobe event: \",{\"args\":[\"-l\"],\"pid\":1}]\n",
                json("os.print('uprobe event: ', { pid = 1, args = { '-l' } })"));
        assertEquals("{\"1\":\"a\",\"3\":\"c\"}\n", json("print({ [1] = 'a', [3] = 'c' })"));
        assertEquals("{\"q\":\"a\\\"b\\\\c\\nd\\u0001\",\"self\":\"<cycle>\"}\n",
                json("local t = { q = 'a\"b\\\\c\\nd\\1' } t.self = t print(t)"));
        assertEquals("{}\n", json("print({})"));
        assertEquals("null\n", json("print(nil)"));
    }
}
