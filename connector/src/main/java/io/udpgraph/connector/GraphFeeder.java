package io.udpgraph.connector;

import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ReplyReader;
import io.udpgraph.runtime.BackoffIdleStrategy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sending half of tcp-in and udp-in: frames buffered messages of many streams into PUT datagrams, sends each
 * and settles it, and pauses with a growing delay while the queue node says full or does not answer. One
 * datagram is outstanding at a time, so each stream's messages are stored in the order they were read. Used by
 * one thread.
 */
final class GraphFeeder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GraphFeeder.class.getName());
    /** First and longest pause while the queue node refuses or is silent. */
    static final Duration MIN_PAUSE = Duration.ofMillis(1);
    static final Duration MAX_PAUSE = Duration.ofMillis(100);

    private final MqClient client;
    private final PutBatch batch;
    private final FrameCodec codec;
    private final FrameSpan span = new FrameSpan();
    private final ConnectorMetrics metrics;
    private final BackoffIdleStrategy pause = new BackoffIdleStrategy(0, 0, MIN_PAUSE, MAX_PAUSE);
    private final InetSocketAddress to;
    private int nextStream;
    private boolean stalled;

    GraphFeeder(InetSocketAddress to, FrameCodec codec, Guarantee guarantee, Duration timeout, BusyPoll busyPoll,
                String idPrefix, ConnectorMetrics metrics) throws IOException {
        this.to = to;
        this.codec = codec;
        this.batch = new PutBatch(guarantee, idPrefix);
        this.metrics = metrics;
        this.client = MqClient.connect(to, MqClient.Options.defaults().timeout(timeout).retries(0)
                .checksums(batch.checksums()).busyPoll(busyPoll));
    }

    /** True while the node refuses or is silent: read no more from the sockets until a batch is stored. */
    boolean stalled() {
        return stalled;
    }

    /**
     * Fills one datagram with the whole frames buffered in {@code streams}, taking each stream's frames in order
     * and starting one stream further each time, and sends it; returns the messages stored (0 when there was nothing
     * to send, or the node refused or did not answer, after a pause).
     */
    int sendOnce(List<InboundStream> streams) {
        int n = streams.size();
        for (int k = 0; k < n; k++) {
            InboundStream s = streams.get((nextStream + k) % n);
            if (!fillFrom(s)) {
                break;
            }
        }
        nextStream = n == 0 ? 0 : (nextStream + 1) % n;
        if (batch.isEmpty()) {
            return 0;
        }
        return send();
    }

    /** Adds the stream's whole frames to the batch; false when the batch is full. */
    private boolean fillFrom(InboundStream s) {
        while (true) {
            int end = s.nextFrame(codec, span);
            if (end < 0) {
                return true;
            }
            if (!batch.fits(s, span.messageLength())) {
                s.unscanLast();
                return false;
            }
            batch.add(s, span, end);
        }
    }

    private int send() {
        int frames = batch.size();
        try {
            long bytes = batch.messageBytes();
            ReplyReader r = client.exchange(batch::writeTo, batch::answeredBy);
            if (batch.settle(r) == PutBatch.Outcome.BACK_OFF) {
                metrics.backoff();
                stall("the queue node at " + to + " is full; reading paused until it takes messages again");
                return 0;
            }
            resume();
            metrics.moved(frames, bytes);
            return frames;
        } catch (MqException.Timeout e) {
            batch.unanswered();
            metrics.timeout();
            stall(e.getMessage() + "; reading paused, the batch will be sent again");
            return 0;
        } catch (IOException e) {
            batch.unanswered();
            stall("sending to " + to + " failed (" + e.getMessage() + "); reading paused, the batch will be sent again");
            return 0;
        }
    }

    private void stall(String why) {
        if (!stalled) {
            LOG.warning(why);
            stalled = true;
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(why);
        }
        pause.idle(0);
    }

    private void resume() {
        if (stalled) {
            LOG.info("the queue node at " + to + " takes messages again; reading resumed");
            stalled = false;
        }
        pause.reset();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
