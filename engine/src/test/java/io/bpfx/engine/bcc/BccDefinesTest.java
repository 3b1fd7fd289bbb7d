package io.bpfx.engine.bcc;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BccDefinesTest {
    @Test
    void valuesBecomeCLiterals() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("PID", 42L);
        v.put("RATIO", 0.5);
        v.put("VERBOSE", true);
        v.put("COMM", "ba\"sh");
        assertEquals(List.of("X=1", "PID=42", "RATIO=0.5", "VERBOSE=1", "COMM=\"ba\\\"sh\""), BccDefines.of(List.of("X=1"), v));
        assertEquals("set_values: 'a b' is not a C identifier",
                assertThrows(BpfxException.BadInput.class, () -> BccDefines.of(List.of(), Map.of("a b", 1L))).getMessage());
    }
}
