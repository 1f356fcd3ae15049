package io.udpgraph.protocol;

import java.net.InetSocketAddress;

/** A UDP address as a user writes it, {@code HOST:PORT}; {@link #parse} explains what it expected. */
public record HostPort(String host, int port) {

    public HostPort {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /** Parses {@code HOST:PORT} (IPv6 as {@code [::1]:PORT}); the error says what was expected and what came. */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("udp://")) {
            s = s.substring("udp://".length());
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:10000 — got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected HOST:PORT with a numeric port, e.g. 127.0.0.1:10000 — got '"
                    + text + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " in '" + text + "' is outside 0-65535");
        }
        return new HostPort(host, port);
    }

    /** The address of a socket. */
    public static HostPort of(InetSocketAddress address) {
        return new HostPort(address.getHostString(), address.getPort());
    }

    /** A resolved socket address (resolves the host name now). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
