package io.udpgraph.runtime;

/** The exit codes every udpgraph command uses. */
public final class ExitCodes {
    /** The work was done. */
    public static final int OK = 0;
    /** The work failed: a node could not start, a request timed out, an experiment's expectation broke. */
    public static final int FAILURE = 1;
    /** The command line was wrong; the message says how. */
    public static final int USAGE = 2;
    /** Stopped by Ctrl-C (SIGINT) or SIGTERM before the work was done; what was done so far was reported. */
    public static final int INTERRUPTED = 130;
    /** A node hit an error it cannot serve through (out of memory, a bug in a loop): restart it. */
    public static final int FATAL = 70;

    private ExitCodes() {
    }
}
