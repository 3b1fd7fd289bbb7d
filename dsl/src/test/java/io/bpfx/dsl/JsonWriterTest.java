package io.bpfx.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void scalars() {
        assertEquals("null", JsonWriter.write(null));
        assertEquals("true", JsonWriter.write(true));
        assertEquals("42", JsonWriter.write(42L));
        assertEquals("-7", JsonWriter.write(-7));
        assertEquals("0.5", JsonWriter.write(0.5));
        assertEquals("3", JsonWriter.write(3.0));
        assertEquals("1.0E20", JsonWriter.write(1e20));
        assertEquals("null", JsonWriter.write(Double.NaN));
        assertEquals("null", JsonWriter.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\"", JsonWriter.write("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", JsonWriter.write("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001F\\u2028\\u2029\"", JsonWriter.write("\u0000\u001f\u2028\u2029"));
        assertEquals("\"é ✓ \\ud83d\\ude00\"", JsonWriter.write("é ✓ 😀"));   // surrogates escaped: still exact JSON
        assertEquals("\"\\ud800x\"", JsonWriter.write("\ud800x"));
        assertEquals("\"x\\udc00\"", JsonWriter.write("x\udc00"));
        assertEquals("\"/\"", JsonWriter.write("/"));
        assertEquals("\"bash\"", JsonWriter.write("bash".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void containersKeepOrder() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put(5L, List.of("a", 2L));
        map.put("nested", Map.of());
        map.put("none", null);
        assertEquals("{\"z\":1,\"5\":[\"a\",2],\"nested\":{},\"none\":null}", JsonWriter.write(map));
        assertEquals("[]", JsonWriter.write(List.of()));
        assertEquals("[1,null]", JsonWriter.write(Arrays.asList(1L, null)));
        assertEquals("[\"x\",true]", JsonWriter.write(new Object[] {"x", true}));
    }
}
