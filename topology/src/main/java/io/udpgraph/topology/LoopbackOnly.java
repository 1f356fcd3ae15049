package io.udpgraph.topology;

import java.util.Locale;

/**
 * Who may use the graph's control API: programs on this machine, not web pages. A browser sends an
 * {@code Origin} header with a cross-origin request and the page's chosen name as {@code Host} after a DNS
 * rebinding, so a request with an Origin, or with a Host that is not a loopback name, is refused. Stateless.
 */
final class LoopbackOnly {
    private LoopbackOnly() {
    }

    /** Why a request with these headers (null when absent) is refused, or null when it may go on. */
    static String refusal(String origin, String host) {
        if (origin != null) {
            return "cross-origin requests are refused: the control API is for programs on this machine "
                    + "(curl, scripts/topology), not web pages";
        }
        if (host == null || !isLoopback(host)) {
            return "Host '" + host + "' is not this machine: use 127.0.0.1, localhost or [::1]";
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && h.substring(1, end).equals("::1") && portOnly(h.substring(end + 1));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return (name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}"))
                && portOnly(colon < 0 ? "" : h.substring(colon));
    }

    private static boolean portOnly(String rest) {
        return rest.isEmpty() || rest.matches(":\\d{1,5}");
    }
}
