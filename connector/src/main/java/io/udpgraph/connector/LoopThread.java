package io.udpgraph.connector;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * The thread a connector's loop runs on: an exception ends the loop with a logged reason, an {@link Error} ends the
 * process with exit code 1 so a supervisor restarts it (a connector that is up but deaf is the worst state).
 */
final class LoopThread {
    private static final Logger LOG = Logger.getLogger(LoopThread.class.getName());

    /** A connector's loop, run until it returns. */
    @FunctionalInterface
    interface Loop {
        void run() throws IOException;
    }

    private final Thread thread;

    /** A thread named {@code name} for {@code loop}, not started yet. */
    LoopThread(String name, Loop loop) {
        this.thread = new Thread(() -> guarded(name, loop), name);
    }

    private static void guarded(String name, Loop loop) {
        try {
            loop.run();
        } catch (IOException | RuntimeException e) {
            LOG.severe(name + " stopped: " + e);
        } catch (Error e) {
            LOG.severe(name + " hit " + e + "; exiting so a supervisor can restart it");
            Runtime.getRuntime().halt(1);
        }
    }

    void start() {
        thread.start();
    }

    /** Waits up to {@code millis} for the loop to end, after it was told to. */
    void join(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }
}
