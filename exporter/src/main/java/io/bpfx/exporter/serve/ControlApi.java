package io.bpfx.exporter.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/}: the control plane's JSON API. The token is checked before anything else
 * (routing included), so without it every request gets the same 401 and learns nothing.
 *
 * <pre>
 * GET    /api/v1/tools              ready tools
 * GET    /api/v1/runs               runs, newest last
 * POST   /api/v1/runs               start a tool or an uploaded script → 201 {"id"} once attached
 * GET    /api/v1/runs/ID            one run
 * DELETE /api/v1/runs/ID            stop it → 200 once detached
 * GET    /api/v1/runs/ID/output     its prints as Server-Sent Events (?format=text: as bpfx run prints
 *                                   them; ?follow=0: only the kept lines, then the stream ends)
 * GET    /api/v1/runs/ID/maps       its maps, decoded
 * </pre>
 */
public final class ControlApi implements HttpHandler {
    public static final String PREFIX = "/api/v1/";

    private final BearerToken token;
    private final RunRegistry runs;
    private final SseStreams streams;
    private final Path uploadRoot;

    public ControlApi(BearerToken token, RunRegistry runs, Path uploadRoot, int maxStreams) {
        this.token = token;
        this.runs = runs;
        this.uploadRoot = uploadRoot;
        this.streams = new SseStreams(maxStreams);
    }

    /** Open output streams (for the load bench and tests). */
    public int openStreams() {
        return streams.open();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!token.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getRequestBody().close();
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"bpfx\"");
                error(ex, 401, "missing or wrong token (send Authorization: Bearer TOKEN)");
                return;
            }
            route(ex);
        } catch (RequestBody.TooLarge e) {
            RequestBody.discard(ex.getRequestBody()); // so the client reads the answer, not a reset
            error(ex, 413, "bpfx: " + e.getMessage());
        } catch (RunRegistry.Full e) {
            error(ex, 429, "bpfx: " + e.getMessage());
        } catch (RunLauncher.Refused e) {
            error(ex, 400, e.getMessage());
        } catch (BpfxException e) {
            error(ex, 400, "bpfx: " + e.getMessage());
        } catch (RuntimeException e) {
            error(ex, 500, "bpfx: internal error: " + e);
        }
    }

    private void route(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        String method = ex.getRequestMethod();
        if (!path.startsWith(PREFIX)) {
            error(ex, 404, "not found");
            return;
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length == 1 && parts[0].equals("tools")) {
            if (allow(ex, "GET")) json(ex, 200, runs.launcher().tools());
        } else if (parts.length == 1 && parts[0].equals("runs")) {
            if (method.equals("GET")) {
                json(ex, 200, runs.list().stream().map(Run::summary).toList());
            } else if (allow(ex, "GET, POST")) {
                start(ex);
            }
        } else if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("runs")) {
            Optional<Run> run = runs.get(parts[1]);
            if (run.isEmpty()) {
                error(ex, 404, "bpfx: no run " + parts[1]);
            } else if (parts.length == 2) {
                if (method.equals("GET")) json(ex, 200, run.get().summary());
                else if (allow(ex, "GET, DELETE")) stop(ex, run.get());
            } else if (parts[2].equals("output")) {
                if (allow(ex, "GET")) {
                    Map<String, String> q = query(uri.getRawQuery());
                    output(ex, run.get(), "text".equals(q.get("format")), !"0".equals(q.get("follow")));
                }
            } else if (parts[2].equals("maps")) {
                if (allow(ex, "GET")) maps(ex, run.get());
            } else {
                error(ex, 404, "not found");
            }
        } else {
            error(ex, 404, "not found");
        }
    }

    /**
     * Checks and writes the upload and takes a slot here; the start itself (compiling, attaching:
     * up to seconds) runs on a thread of its own that answers when attached, so the request
     * threads stay free for scrapes and other calls.
     */
    private void start(HttpExchange ex) throws IOException {
        RequestBody body = RequestBody.parse(RequestBody.read(ex.getRequestBody(),
                ex.getRequestHeaders().getFirst("Content-Length")));
        Path script = body.script() == null ? null : Uploads.write(uploadRoot, body.scriptName(), body.script(), body.files());
        Path dir = script == null ? null : script.getParent();
        Run run;
        try {
            run = runs.reserve(body.tool() != null ? body.tool() : body.scriptName(), dir);
        } catch (RuntimeException e) {
            Uploads.delete(dir);
            throw e;
        }
        Thread starter = new Thread(() -> {
            try {
                try {
                    runs.start(run, new RunLauncher.Request(body.tool(), script, body.args()));
                    json(ex, 201, Map.of("id", run.id()));
                } catch (RunLauncher.Refused e) {
                    error(ex, 400, e.getMessage());
                } catch (RuntimeException e) {
                    error(ex, 500, "bpfx: internal error: " + e);
                }
            } catch (IOException gone) {
                ex.close(); // the client left; the run is listed and can be stopped
            }
        }, "bpfx-start-" + run.id());
        starter.setDaemon(true);
        starter.start();
    }

    private void stop(HttpExchange ex, Run run) throws IOException {
        if (run.state() == RunState.STARTING) {
            error(ex, 409, "bpfx: run " + run.id() + " is still starting");
            return;
        }
        runs.stop(run);
        json(ex, 200, run.summary());
    }

    private void output(HttpExchange ex, Run run, boolean asText, boolean follow) throws IOException {
        if (!streams.start(ex, run.output(asText), follow)) {
            error(ex, 429, "bpfx: too many open output streams");
        }
    }

    private void maps(HttpExchange ex, Run run) throws IOException {
        RunLauncher.Live live = run.live();
        if (live == null || run.state() != RunState.RUNNING) {
            error(ex, 409, "bpfx: run " + run.id() + " is " + run.state().json() + ": its maps are gone");
            return;
        }
        send(ex, 200, live.mapsJson().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code a=1&b=2}; names and values are plain ASCII words here, so no decoding is needed. */
    static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return q;
    }

    private static boolean allow(HttpExchange ex, String methods) throws IOException {
        if (List.of(methods.split(", ")).contains(ex.getRequestMethod())) return true;
        ex.getResponseHeaders().set("Allow", methods);
        error(ex, 405, "method not allowed");
        return false;
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, ServeJson.MAPPER.writeValueAsBytes(value));
    }

    static void error(HttpExchange ex, int status, String line) throws IOException {
        json(ex, status, Map.of("error", line));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        ex.close();
    }
}
