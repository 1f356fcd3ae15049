package io.udpgraph.mq;

import io.micrometer.core.instrument.Counter;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Forwards dead-lettered messages to the dead-letter node with {@code PUTID} (when the message has a
 * producer id, so a retried forward is stored once) or {@code PUT}, from a thread of its own so that a slow
 * or absent dead-letter node never stalls the queue node. Without a target it only lets them go (the store
 * has counted them).
 */
final class DeadLetterForwarder implements Consumer<StoredMessage>, AutoCloseable {
    /** Messages waiting to be forwarded at most; past it they are dropped and counted as failures. */
    static final int MAX_PENDING = 10_000;

    private final HostPort target;
    private final OnceLog failures;
    private final LinkedBlockingQueue<StoredMessage> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread thread;
    private volatile Counter failed;

    DeadLetterForwarder(HostPort target, String nodeName, OnceLog failures) {
        this.target = target;
        this.failures = failures;
        this.thread = target == null ? null : new Thread(this::run, "mq-" + nodeName + "-dead-letter");
    }

    void start(Counter failedCounter) {
        this.failed = failedCounter;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void accept(StoredMessage m) {
        if (target == null) {
            return;
        }
        if (!pending.offer(m)) {
            fail("dead-letter-backlog", "the dead-letter backlog to " + target + " is full (" + MAX_PENDING
                    + " messages); message " + m.seq + " was dropped", null);
        }
    }

    private void run() {
        try (MqClient client = MqClient.connect(target, MqClient.Options.defaults().retryPuts(true))) {
            while (!Thread.currentThread().isInterrupted()) {
                StoredMessage m = pending.take();
                try {
                    if (m.producerId != null) {
                        client.putWithId(m.producerId, m.body);
                    } else {
                        client.put(m.body);
                    }
                } catch (MqException e) {
                    fail("dead-letter-put", "cannot forward message " + m.seq + " to the dead-letter node " + target
                            + ": " + e.getMessage(), null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail("dead-letter-socket", "cannot open a socket to the dead-letter node " + target + ": " + e.getMessage(), e);
        }
    }

    private void fail(String kind, String message, Throwable cause) {
        Counter c = failed;
        if (c != null) {
            c.increment();
        }
        failures.warn(kind, message, cause);
    }

    /** Messages not yet forwarded. */
    int pending() {
        return pending.size();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(500);
        }
    }
}
