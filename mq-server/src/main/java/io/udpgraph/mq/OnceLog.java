package io.udpgraph.mq;

import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs the first failure of each kind at WARN and the rest at FINE, so a flood of bad input cannot flood the log. */
final class OnceLog {
    private final Logger log;
    private final String prefix;
    private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

    OnceLog(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    void warn(String kind, String message, Throwable cause) {
        boolean first = seen.putIfAbsent(kind, Boolean.TRUE) == null;
        Level level = first ? Level.WARNING : Level.FINE;
        if (log.isLoggable(level)) {
            log.log(level, prefix + message + (first ? " (further ones of this kind are logged at debug level)" : ""),
                    cause);
        }
    }
}
