package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortTest {
    @TempDir
    Path dir;

    private String run(String source) {
        TestScripts scripts = new TestScripts(dir);
        scripts.load(source);
        return scripts.out();
    }

    @Test
    void arrayIsSortedInPlaceAndReturned() {
        assertEquals("{ 1, 2, 3, 10 }\ttrue\n", run("local a = { 10, 2, 3, 1 } local r = sort(a) print(a, r == a)"));
        assertEquals("{ \"a\", \"b\", \"c\" }\n", run("print(sort({ 'c', 'a', 'b' }))"));
    }

    @Test
    void comparatorDecidesTheOrder() {
        assertEquals("{ 10, 3, 2, 1 }\n", run("print(sort({ 2, 10, 1, 3 }, function(a, b) return a > b end))"));
        assertEquals("{ \"bb\", \"a\" }\n",
                run("print(sort({ 'a', 'bb' }, function(a, b) return #a > #b end))"));
    }

    @Test
    void nonArrayGivesItsKeysSortedNumbersBeforeStrings() {
        assertEquals("{ 2, 5, \"comm\", \"pid\" }\t{ [2] = true, [5] = true, comm = \"x\", pid = 1 }\n",
                run("local t = { pid = 1, comm = 'x', [5] = true, [2] = true } print(sort(t), t)"));
        assertEquals("{ \"pid\", \"comm\" }\n",
                run("print(sort({ pid = 1, comm = 2 }, function(a, b) return a > b end))"));
    }

    @Test
    void mixedArrayAndEmptyTable() {
        assertEquals("{ 1, 2, \"a\", \"b\" }\n", run("print(sort({ 'b', 2, 'a', 1 }))"));
        assertEquals("{}\ttrue\n", run("local e = {} print(sort(e), sort(e) == e)"));
    }

    @Test
    void badArgumentsAreErrors() {
        ScriptError e = assertThrows(ScriptError.class, () -> new TestScripts(dir).load("\nsort('abc')"));
        assertEquals("tracer.lua:2: bad argument #1 to sort() (table to sort expected, got string)", e.getMessage());
        e = assertThrows(ScriptError.class, () -> new TestScripts(dir).load("sort({ 1, 2 }, 'desc')"));
        assertEquals("tracer.lua:1: bad argument #2 to sort() (function comparator expected, got string)", e.getMessage());
        e = assertThrows(ScriptError.class,
                () -> new TestScripts(dir).load("sort({ 3, 1, 2 }, function(a, b) error('cmp failed') end)"));
        assertEquals("tracer.lua:1: cmp failed", e.getMessage());
    }
}
