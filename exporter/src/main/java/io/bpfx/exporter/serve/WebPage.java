package io.bpfx.exporter.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The control plane's page: {@code /}, {@code /app.js} and {@code /app.css} from the jar. They
 * hold no data (everything comes from the API with the token), so they need no token; the
 * headers keep the page from being framed or from loading anything but its own files.
 */
public final class WebPage implements HttpHandler {
    private static final String ROOT = "/io/bpfx/exporter/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html|text/html; charset=utf-8",
            "/app.js", "app.js|text/javascript; charset=utf-8",
            "/app.css", "app.css|text/css; charset=utf-8");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String file = FILES.get(ex.getRequestURI().getPath());
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            plain(ex, 405, "method not allowed\n");
            return;
        }
        if (file == null) {
            plain(ex, 404, "not found\n");
            return;
        }
        String[] f = file.split("\\|");
        byte[] body;
        try (InputStream in = WebPage.class.getResourceAsStream(ROOT + f[0])) {
            if (in == null) {
                plain(ex, 500, "page missing from this jar\n");
                return;
            }
            body = in.readAllBytes();
        }
        var h = ex.getResponseHeaders();
        h.set("Content-Type", f[1]);
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-cache");
        boolean head = method.equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        ex.close();
    }
}
