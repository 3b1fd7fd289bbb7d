package io.bpfx.exporter.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** How every bpfx page answers: GET and HEAD only (else 405), a body with its type, none for HEAD. */
final class Responses {

    static final String TEXT = "text/plain; charset=utf-8";

    /**
     * Bodies are written in pieces of this size: the JDK server copies each write into a heap
     * buffer twice its size and then into a temporary direct buffer that its thread keeps, so one
     * write of a 4 MB page cost an 8 MB allocation and left 4 MB of native memory per thread.
     */
    private static final int CHUNK = 64 * 1024;

    private Responses() {
    }

    /**
     * Sends status, type and body ({@code Content-Length} set; no body for HEAD).
     * The caller closes the exchange.
     */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        send(ex, status, contentType, body, body.length);
    }

    /** As above, the body being the first {@code length} bytes of {@code body}. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body, int length) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < length; off += CHUNK) {
                    out.write(body, off, Math.min(CHUNK, length - off));
                }
            }
        }
    }

    static void text(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** True for GET and HEAD; otherwise answers 405 with {@code Allow: GET, HEAD} and returns false. */
    static boolean readOnly(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        text(ex, 405, "method not allowed\n");
        return false;
    }
}
