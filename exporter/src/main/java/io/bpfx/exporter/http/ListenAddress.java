package io.bpfx.exporter.http;

import io.bpfx.engine.BpfxException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A {@code --listen ADDR:PORT} value, as Go's {@code net.Listen} takes it:
 * {@code :9435} is every interface, {@code 127.0.0.1:9435} one address,
 * {@code [::1]:9435} an IPv6 one, {@code localhost:9435} a name. Port 0 picks a
 * free port.
 */
public record ListenAddress(String text, String host, int port) {

    /** ebpf_exporter's default listen address. */
    public static final String DEFAULT = ":9435";

    /** @throws BpfxException.BadInput not ADDR:PORT */
    public static ListenAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BpfxException.BadInput("invalid listen address \"\": expected ADDR:PORT, e.g. :9435 or 127.0.0.1:9435");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new BpfxException.BadInput("invalid listen address \"" + text + "\": missing port (expected ADDR:PORT, e.g. :9435)");
        }
        String host = t.substring(0, colon);
        String portText = t.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new BpfxException.BadInput("invalid listen address \"" + text + "\": unclosed [ in IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new BpfxException.BadInput("invalid listen address \"" + text + "\": put IPv6 addresses in brackets, e.g. [::1]:9435");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BpfxException.BadInput("invalid listen address \"" + text + "\": port \"" + portText + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new BpfxException.BadInput("invalid listen address \"" + text + "\": port " + port + " is out of range");
        }
        return new ListenAddress(t, host, port);
    }

    /** Every interface (empty host). */
    public boolean wildcard() {
        return host.isEmpty();
    }

    /** The socket address to bind. */
    public InetSocketAddress socketAddress() {
        if (wildcard()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new BpfxException.BadInput("invalid listen address \"" + text + "\": unknown host " + host);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
