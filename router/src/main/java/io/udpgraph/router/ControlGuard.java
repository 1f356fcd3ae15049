package io.udpgraph.router;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Who may use the control API: its operator's tools, not a web page. Refuses a request that carries an
 * {@code Origin} (browsers add it to cross-origin requests), whose {@code Host} is not an address the API is bound
 * to, loopback or {@code localhost} (a DNS-rebinding page names its own host), whose body is not
 * {@code application/json} (a form or {@code text/plain} post needs no CORS preflight), or that lacks the
 * {@code --control-token} when one is set. A plain object: the server passes the headers in.
 */
final class ControlGuard {
    private final InetAddress bound;
    private final String token;

    /** Guards an API bound to {@code bound}; {@code token} is the bearer token required, or null for none. */
    ControlGuard(InetAddress bound, String token) {
        this.bound = bound;
        this.token = token == null || token.isEmpty() ? null : token;
    }

    /** A refusal: the HTTP status and what to do. */
    record Refusal(int status, String message) {
    }

    /** Why this request is refused, or null when it may be served. */
    Refusal check(String method, String host, String origin, String contentType, String authorization,
                  boolean hasBody) {
        if (origin != null) {
            return new Refusal(403, "cross-origin requests are refused: the control API is for the operator's tools"
                    + " (curl, scripts), not for web pages");
        }
        if (host == null || !hostAllowed(host)) {
            return new Refusal(403, "the Host header must name the address the control API is bound to or"
                    + " loopback, e.g. Host: 127.0.0.1");
        }
        if (token != null && !("Bearer " + token).equals(authorization)) {
            return new Refusal(401, "this router's control API needs its --control-token: send"
                    + " 'Authorization: Bearer <token>'");
        }
        if (hasBody && !isJson(contentType)) {
            return new Refusal(415, "send the body as JSON with 'Content-Type: application/json'");
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private boolean hostAllowed(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            h = h.substring(1, close);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.equals("localhost")) {
            return true;
        }
        InetAddress a = literal(h);
        if (a == null) {
            return false; // a name: what a rebinding page would send
        }
        return a.isLoopbackAddress() || a.equals(bound) || bound.isAnyLocalAddress();
    }

    private static InetAddress literal(String h) {
        boolean ipv4 = !h.isEmpty() && h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean ipv6 = h.indexOf(':') >= 0 && h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(h); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
