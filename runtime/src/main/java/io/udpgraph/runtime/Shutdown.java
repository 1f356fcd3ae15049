package io.udpgraph.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command's main thread alive until SIGINT or SIGTERM, then lets it close its node and report:
 * the JVM waits for the shutdown hook, which waits for the main thread to finish its stop.
 */
public final class Shutdown {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Installs the hook; call {@link #awaitSignal()} then {@link #done()} once the node is closed. */
    public static Shutdown install() {
        Shutdown s = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s.requested.countDown();
            try {
                s.finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "udpgraph-shutdown"));
        return s;
    }

    /** Blocks until the process is asked to stop. */
    public void awaitSignal() throws InterruptedException {
        requested.await();
    }

    /** Asks to stop from inside the process (as a signal would). */
    public void request() {
        requested.countDown();
    }

    /** Says the node is closed and its report printed; the JVM may now exit. */
    public void done() {
        finished.countDown();
    }
}
