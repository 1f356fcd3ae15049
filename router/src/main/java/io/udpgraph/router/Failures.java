package io.udpgraph.router;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failures the router's loop survives: each is counted in {@link RouterCounters#errors()}, and each
 * kind is logged as a warning the first time only, so a failing socket cannot flood the log.
 * Single-threaded: the loop thread only.
 */
final class Failures {
    static final Logger LOG = Logger.getLogger(Router.class.getName());
    private static final int KINDS_REMEMBERED = 1000;

    private final RouterCounters counters;
    private final Set<String> loggedOnce = new HashSet<>();

    Failures(RouterCounters counters) {
        this.counters = counters;
    }

    /** Counts a failure in {@code where} and logs it if it is the first of its kind. */
    void failure(String where, Throwable e) {
        counters.error();
        once(where + " " + e.getClass().getName(), "router survived a failure in " + where + ": " + e, e);
    }

    /** Logs a warning the first time a kind of trouble happens; the counters tell how often after that. */
    void once(String kind, String message, Throwable e) {
        if (loggedOnce.size() < KINDS_REMEMBERED && loggedOnce.add(kind)) {
            LOG.log(Level.WARNING, message + " (further ones are only counted)", e);
        }
    }
}
