package io.bpfx.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.BpfxException;

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
import java.util.function.BiConsumer;

/**
 * {@code bpfx remote}'s side of the control plane API, over the JDK's HttpClient. Every answer
 * that is not 2xx becomes a one-line {@link BpfxException} carrying the server's error line.
 */
public final class RemoteClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public RemoteClient(String server, String token) {
        String s = server.endsWith("/") ? server : server + "/";
        if (!s.startsWith("http://") && !s.startsWith("https://")) s = "http://" + s;
        try {
            this.base = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new BpfxException.BadInput("--server: not a URL: " + server);
        }
        this.token = token;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new BpfxException("cannot encode the request: " + e.getMessage(), e);
        }
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    /**
     * Reads a run's output stream: {@code onEvent(event, data)} for each event (event null for an
     * output line) until the stream ends. Returns the {@code end} event's data, or null.
     */
    public String stream(String path, BiConsumer<String, String> onEvent) {
        HttpRequest req = request(path).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BpfxException("interrupted");
        }
        if (resp.statusCode() != 200) {
            try (InputStream in = resp.body()) {
                throw failure(resp.statusCode(), in.readAllBytes());
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        if ("end".equals(event)) return data.toString();
                        onEvent.accept(event, data.toString());
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") || line.equals("data:")) {
                    String d = line.length() > 6 ? line.substring(6) : "";
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
            return null;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest req) {
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BpfxException("interrupted");
        }
        if (resp.statusCode() / 100 != 2) throw failure(resp.statusCode(), resp.body());
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new BpfxException("the server answered something that is not JSON: " + e.getMessage());
        }
    }

    private BpfxException failure(int status, byte[] body) {
        String line = null;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("error")) line = n.get("error").asText();
        } catch (IOException ignored) {
            // not our server's JSON: say the status
        }
        if (status == 401) return new BpfxException.PermissionDenied("the server refused the token (401)");
        if (line == null) line = "HTTP " + status + " from " + base;
        return new BpfxException.BadInput(line.startsWith("bpfx") ? line : line + " (HTTP " + status + ")");
    }

    private BpfxException unreachable(IOException e) {
        return new BpfxException("cannot reach " + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
}
