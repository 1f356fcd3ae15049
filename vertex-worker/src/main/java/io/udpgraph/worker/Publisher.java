package io.udpgraph.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Collects the results of the inputs in hand per output, then publishes them: to a queue node as
 * batches of {@code PUT} (or {@code PUTID}) frames ({@link QueueLink}), to a raw UDP sink as one
 * datagram each ({@link UdpLink}). Under the lease guarantees every PUT datagram goes out from a fresh
 * port, so only its own reply can acknowledge it. Used from the worker's thread only.
 */
final class Publisher implements AutoCloseable {
    private final OutputLink[] links;
    private final OutputLink errors;
    private final Guarantee guarantee;
    private final WorkerMetrics metrics;
    private final ErrorLog errorLog;
    private final LongConsumer park;

    Publisher(List<Output> outputs, Output errorsOutput, Guarantee guarantee, Duration requestTimeout,
              WorkerMetrics metrics, ErrorLog errorLog) throws IOException {
        this(outputs, errorsOutput, guarantee, requestTimeout, metrics, errorLog, LockSupport::parkNanos);
    }

    /** {@code park} waits the given nanoseconds between retry rounds (tests record the waits instead). */
    Publisher(List<Output> outputs, Output errorsOutput, Guarantee guarantee, Duration requestTimeout,
              WorkerMetrics metrics, ErrorLog errorLog, LongConsumer park) throws IOException {
        this.park = park;
        this.guarantee = guarantee;
        this.metrics = metrics;
        this.errorLog = errorLog;
        List<OutputLink> opened = new ArrayList<>();
        try {
            for (Output o : outputs) {
                opened.add(open(o, requestTimeout, true));
            }
            this.errors = errorsOutput == null ? null : open(errorsOutput, requestTimeout, false);
        } catch (IOException | RuntimeException e) {
            for (OutputLink l : opened) {
                l.close();
            }
            throw e;
        }
        this.links = opened.toArray(new OutputLink[0]);
    }

    private OutputLink open(Output o, Duration requestTimeout, boolean countsAsResult) throws IOException {
        if (o.kind() == Output.Kind.UDP) {
            return new UdpLink(o, countsAsResult, metrics, errorLog);
        }
        return new QueueLink(o, countsAsResult, guarantee, requestTimeout, metrics, errorLog, park);
    }

    int outputs() {
        return links.length;
    }

    /** Queues a result for output {@code link}; {@code id} is its PUTID id, or null for a plain PUT. */
    void add(int link, String id, String text) {
        links[link].pending.add(Pending.of(id, text));
    }

    /** Queues an error report for the {@code --errors} output, if there is one. */
    void addError(String id, String text) {
        if (errors != null) {
            errors.pending.add(Pending.of(id, text));
        }
    }

    /**
     * Publishes everything queued, output by output, and returns true when nothing is left to retry
     * (results refused for good are counted as lost and do not hold the input back). Returns false
     * only when {@code giveUp} said stop while results were still unacknowledged.
     */
    boolean flush(BooleanSupplier giveUp) {
        boolean all = true;
        for (OutputLink l : links) {
            all &= l.flush(giveUp);
        }
        if (errors != null) {
            all &= errors.flush(giveUp);
        }
        return all;
    }

    @Override
    public void close() {
        for (OutputLink l : links) {
            l.close();
        }
        if (errors != null) {
            errors.close();
        }
    }

    /**
     * A result waiting for its output, encoded once however often it is sent: {@code id} is its PUTID id, or null
     * for a plain PUT; {@code body} is its text in UTF-8.
     */
    record Pending(String id, byte[] body) {
        static Pending of(String id, String text) {
            return new Pending(id, text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
