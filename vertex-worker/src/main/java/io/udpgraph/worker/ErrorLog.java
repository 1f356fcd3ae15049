package io.udpgraph.worker;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each kind of trouble once at the given level and every later one at FINE, so a flood of bad
 * inputs or an unreachable node cannot flood the log. One per worker; used from its thread.
 */
final class ErrorLog {
    static final int PREVIEW_CHARS = 60;

    private final Logger log;
    private final String prefix;
    private final Set<String> seen = new HashSet<>();

    ErrorLog(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    /** Logs {@code message} at {@code level} the first time {@code kind} happens, at FINE after that. */
    void once(String kind, Level level, String message) {
        if (seen.add(kind)) {
            log.log(level, prefix + message + " (further ones of this kind are logged at debug level)");
        } else if (log.isLoggable(Level.FINE)) {
            log.fine(prefix + message);
        }
    }

    /** A text cut to {@value #PREVIEW_CHARS} characters with control characters made visible, for logs. */
    static String shorten(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), PREVIEW_CHARS) + 16);
        int n = Math.min(text.length(), PREVIEW_CHARS);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > PREVIEW_CHARS) {
            sb.append("… (").append(text.length()).append(" chars)");
        }
        return sb.toString();
    }
}
