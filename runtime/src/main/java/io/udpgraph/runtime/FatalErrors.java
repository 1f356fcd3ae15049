package io.udpgraph.runtime;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a node does with an {@link Error} (out of memory, a stack overflow) or a bug that escapes a thread's loop:
 * log it and stop the whole process with exit code {@link ExitCodes#FATAL}, so a supervisor restarts it; a node
 * that stays up with a dead thread would answer nothing. Tests replace the action with {@link #onFatal}.
 */
public final class FatalErrors {
    private static final Logger LOG = Logger.getLogger(FatalErrors.class.getName());
    private static volatile Consumer<Throwable> action = FatalErrors::halt;

    private FatalErrors() {
    }

    /** Runs {@code body}; anything it throws stops the process (see the class comment). */
    public static Runnable guard(String thread, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                fail(thread, t);
            }
        };
    }

    /** Reports {@code t}, thrown in {@code thread}, and stops the process. */
    public static void fail(String thread, Throwable t) {
        action.accept(new IllegalStateException("thread " + thread + " died of " + t, t));
    }

    /** Replaces what happens on a fatal error (tests); returns the previous action. */
    public static Consumer<Throwable> onFatal(Consumer<Throwable> replacement) {
        Consumer<Throwable> before = action;
        action = replacement;
        return before;
    }

    private static void halt(Throwable t) {
        try {
            LOG.log(Level.SEVERE, "fatal: " + t.getMessage() + "; the process exits with code " + ExitCodes.FATAL
                    + " so a supervisor can restart it", t.getCause());
            System.err.flush();
        } catch (Throwable ignored) {
            // out of memory may stop the log too; exit regardless
        } finally {
            Runtime.getRuntime().halt(ExitCodes.FATAL);
        }
    }
}
