package io.bpfx.exporter.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /api/v1/runs} body, read with a hard size limit and checked field by field:
 * {@code {"tool": NAME, "args": [...]}} or {@code {"script": TEXT, "name": "x.lua",
 * "files": {NAME: TEXT}, "args": [...]}}.
 */
record RequestBody(String tool, String scriptName, String script, Map<String, String> files, List<String> args) {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_ARGS = 64;

    /** The body was larger than {@link #MAX_BYTES}: the API answers 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body over " + MAX_BYTES + " bytes", null, false, false);
        }
    }

    /** Reads at most {@link #MAX_BYTES}; never buffers more than that whatever the client claims. */
    static byte[] read(InputStream in, String contentLength) throws IOException {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.strip()) > MAX_BYTES) throw new TooLarge();
            } catch (NumberFormatException e) {
                throw new BpfxException.BadInput("bad Content-Length");
            }
        }
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) throw new TooLarge();
        return body;
    }

    /** Reads and drops what is left of an oversize body, up to 16 MiB (beyond that the connection is just closed). */
    static void discard(InputStream in) {
        try {
            in.skipNBytes(0);
            byte[] sink = new byte[64 * 1024];
            long left = 16L << 20;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) left -= n;
        } catch (IOException ignored) {
            // the client went away
        }
    }

    static RequestBody parse(byte[] body) {
        JsonNode root;
        try {
            root = ServeJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BpfxException.BadInput("request body is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new BpfxException.BadInput("request body must be a JSON object");
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("tool", "script", "name", "files", "args").contains(f)) {
                throw new BpfxException.BadInput("unknown field \"" + f + "\" (tool, script, name, files, args)");
            }
        }
        String tool = text(root, "tool");
        String script = text(root, "script");
        if ((tool == null) == (script == null)) {
            throw new BpfxException.BadInput("give \"tool\" (a ready tool's name) or \"script\" (Lua text), not both");
        }
        String name = text(root, "name");
        if (script != null && name == null) name = "script.lua";
        if (name != null && tool != null) throw new BpfxException.BadInput("\"name\" goes with \"script\", not \"tool\"");
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode f = root.get("files");
        if (f != null && !f.isNull()) {
            if (tool != null) throw new BpfxException.BadInput("\"files\" go with \"script\", not \"tool\"");
            if (!f.isObject()) throw new BpfxException.BadInput("\"files\" must be an object of name: text");
            for (var it = f.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new BpfxException.BadInput("file \"" + e.getKey() + "\" must be text");
                }
                files.put(e.getKey(), e.getValue().textValue());
            }
        }
        List<String> args = new ArrayList<>();
        JsonNode a = root.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) throw new BpfxException.BadInput("\"args\" must be an array of strings");
            if (a.size() > MAX_ARGS) throw new BpfxException.BadInput("too many args (at most " + MAX_ARGS + ")");
            for (JsonNode x : a) {
                if (!x.isTextual() && !x.isNumber()) throw new BpfxException.BadInput("\"args\" must be an array of strings");
                args.add(x.asText());
            }
        }
        if (tool != null && tool.isBlank()) throw new BpfxException.BadInput("\"tool\" is empty");
        return new RequestBody(tool, name, script, files, args);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new BpfxException.BadInput("\"" + field + "\" must be a string");
        return n.textValue();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
