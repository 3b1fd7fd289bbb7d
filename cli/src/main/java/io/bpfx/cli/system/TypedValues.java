package io.bpfx.cli.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.btf.Layout;

import java.util.HexFormat;

/**
 * A key or value typed on the command line, for the map's layout: an integer
 * ({@code 42}, {@code -1}, {@code 0x2a}), a string for char arrays, JSON for structs
 * and arrays ({@code '{"pid": 42, "comm": "bash"}'}), or hex bytes for maps without
 * BTF ({@code 2a000000}). The engine's encoder checks fields and ranges.
 */
public final class TypedValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TypedValues() {
    }

    public static Object parse(String text, Layout layout, String what) {
        String t = text.strip();
        try {
            if (layout instanceof Layout.OpaqueLayout o) {
                byte[] b = HexFormat.of().parseHex(t.replace(" ", "").replaceFirst("^0x", ""));
                if (b.length != o.size()) {
                    throw new BpfxException.BadInput(what + " " + text + " is " + b.length + " bytes; this map's "
                            + what + " is " + o.size() + " bytes (no BTF: give hex bytes)");
                }
                return b;
            }
            if (layout instanceof Layout.IntLayout) {
                return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            }
            if (t.startsWith("{") || t.startsWith("[")) {
                return JSON.readValue(t, Object.class);
            }
            return t;
        } catch (NumberFormatException | JsonProcessingException e) {
            throw new BpfxException.BadInput(what + " " + text + " is not a " + describe(layout) + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new BpfxException.BadInput(what + " " + text + " is not hex: " + e.getMessage());
        }
    }

    static String describe(Layout layout) {
        if (layout instanceof Layout.IntLayout) return "number (42, -1, 0x2a)";
        return "value for this map (JSON for a struct: {\"field\": 1})";
    }
}
