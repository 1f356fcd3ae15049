package io.udpgraph.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command's main thread alive until SIGINT or SIGTERM, then lets it close its node and report.
 * The signals are caught directly where the JVM allows it, so the JVM's own shutdown (which resets
 * java.util.logging and would swallow the stop report) starts only after the command returns; elsewhere
 * a shutdown hook waits for the main thread to finish its stop.
 */
public final class Shutdown {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Installs the handlers; call {@link #awaitSignal()} then {@link #done()} once the node is closed. */
    public static Shutdown install() {
        Shutdown s = new Shutdown();
        s.catchSignal("INT");
        s.catchSignal("TERM");
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

    /**
     * Routes a signal to {@link #request()} through {@code sun.misc.Signal}, reached by reflection because it
     * is not a standard API; where it is missing the shutdown hook still stops the command, only its last
     * log lines may be lost.
     */
    private void catchSignal(String name) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    request();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "udpgraph " + name + " handler";
                };
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    onSignal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not available here (or the signal is reserved): the shutdown hook covers it
        }
    }

    /** Blocks until the process is asked to stop. */
    public void awaitSignal() throws InterruptedException {
        requested.await();
    }

    /** Whether a signal (or {@link #request()}) asked to stop; for a loop that checks between its steps. */
    public boolean requested() {
        return requested.getCount() == 0;
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
