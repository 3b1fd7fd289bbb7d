package io.bpfx.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Raw HTTP against a bpfx serve, for tests: JSON calls with or without a token, and an SSE reader. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode body, String raw) {}

    /** One SSE event: {@code event} null for an output line. */
    record Event(String event, String data) {}

    private final int port;
    private final String token;

    Api(int port, String token) {
        this.port = port;
        this.token = token;
    }

    Api withToken(String other) {
        return new Api(port, other);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Reply call(String method, String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) req.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
            // the raw text is kept
        }
        return new Reply(r.statusCode(), json, r.body());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    Reply post(Object body) throws IOException, InterruptedException {
        return call("POST", "/api/v1/runs", body);
    }

    Reply delete(String id) throws IOException, InterruptedException {
        return call("DELETE", "/api/v1/runs/" + id, null);
    }

    /** Opens {@code path} as an event stream; events arrive on the returned queue, a null-data event ends it. */
    BlockingQueue<Event> stream(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new AssertionError("stream " + path + ": " + r.statusCode());
        BlockingQueue<Event> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String event = null;
                String data = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data != null) q.add(new Event(event, data));
                        event = null;
                        data = null;
                    } else if (line.startsWith("event: ")) event = line.substring(7);
                    else if (line.startsWith("data: ")) data = line.substring(6);
                }
            } catch (IOException ignored) {
                // closed
            }
            q.add(new Event("closed", null));
        }, "test-sse");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** Output lines (not log/end events) that arrive within {@code ms} after the last one. */
    static List<JsonNode> drainOutput(BlockingQueue<Event> q, int expect, long timeoutMs) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            Event e = q.poll(out.size() >= expect ? 500 : 200, TimeUnit.MILLISECONDS);
            if (e == null) {
                if (out.size() >= expect) break; // quiet after the expected ones: nothing extra came
                continue;
            }
            if (e.data() == null) break;
            if (e.event() == null) out.add(JSON.readTree(e.data()));
        }
        return out;
    }
}
