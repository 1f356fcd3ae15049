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
 * datagram is outstanding at a time, so each stream's messages are stored in the order they were read; tcp-in cuts
 * the next datagram's frames while the node answers (they are cut again if the node did not store every frame
 * before them). Used by one thread.
 */
final class GraphFeeder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GraphFeeder.class.getName());
    /** First and longest pause while the queue node refuses or is silent. */
    static final Duration MIN_PAUSE = Duration.ofMillis(1);
    static final Duration MAX_PAUSE = Duration.ofMillis(100);

    private final MqClient client;
    /** The frames of the next datagram to send. */
    private PutBatch batch;
    /** Where the frames after it are cut while it is in flight, or null when they are cut only once it settled. */
    private PutBatch ahead;
    private final FrameCodec codec;
    private final FrameSpan span = new FrameSpan();
    private final ConnectorMetrics metrics;
    private final BackoffIdleStrategy pause = new BackoffIdleStrategy(0, 0, MIN_PAUSE, MAX_PAUSE);
    private final InetSocketAddress to;
    private int nextStream;
    private boolean stalled;

    GraphFeeder(InetSocketAddress to, FrameCodec codec, Guarantee guarantee, Duration timeout, BusyPoll busyPoll,
                boolean prepareAhead, String idPrefix, ConnectorMetrics metrics) throws IOException {
        this.to = to;
        this.codec = codec;
        this.batch = new PutBatch(guarantee, idPrefix);
        this.ahead = prepareAhead ? batch.sibling() : null;
        this.metrics = metrics;
        this.client = MqClient.connect(to, MqClient.Options.defaults().timeout(timeout).retries(0)
                .checksums(batch.checksums()).busyPoll(busyPoll));
    }

    /** True while the node refuses or is silent: read no more from the sockets until a batch is stored. */
    boolean stalled() {
        return stalled;
    }

    /**
     * Sends one datagram of the whole frames buffered in {@code streams}, taking each stream's frames in order and
     * starting one stream further each time; returns the messages stored (0 when there was nothing to send, or the
     * node refused or did not answer, after a pause). With {@code prepareAhead}, the frames for the next datagram are
     * cut and checked while the node answers this one, and kept for the next call when every frame was stored.
     */
    int sendOnce(List<InboundStream> streams) {
        if (batch.isEmpty()) {
            fill(batch, streams);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        return send(streams);
    }

    /**
     * Frames still held for the next datagram, cut from the streams' buffers ahead of time: while there are any, the
     * streams must not be read into (reading may move their bytes).
     */
    boolean holdsFrames() {
        return !batch.isEmpty();
    }

    private void fill(PutBatch into, List<InboundStream> streams) {
        int n = streams.size();
        for (int k = 0; k < n; k++) {
            InboundStream s = streams.get((nextStream + k) % n);
            if (!fillFrom(into, s)) {
                break;
            }
        }
        nextStream = n == 0 ? 0 : (nextStream + 1) % n;
    }

    /** Adds the stream's whole frames to the batch; false when the batch is full. */
    private boolean fillFrom(PutBatch into, InboundStream s) {
        while (true) {
            int end = s.nextFrame(codec, span);
            if (end < 0) {
                return true;
            }
            if (!into.fits(s, span.messageLength())) {
                s.unscanLast();
                return false;
            }
            into.add(s, span, end);
        }
    }

    private int send(List<InboundStream> streams) {
        int frames = batch.size();
        PutBatch sent = batch;
        try {
            long bytes = sent.messageBytes();
            client.send(sent::writeTo);
            if (ahead != null) {
                fill(ahead, streams); // while the node works on the datagram just sent
            }
            ReplyReader r = client.await(sent::answeredBy);
            PutBatch.Outcome outcome = sent.settle(r);
            takeAhead(outcome == PutBatch.Outcome.STORED);
            if (outcome == PutBatch.Outcome.BACK_OFF) {
                metrics.backoff();
                stall("the queue node at " + to + " is full; reading paused until it takes messages again");
                return 0;
            }
            resume();
            metrics.moved(frames, bytes);
            return frames;
        } catch (MqException.Timeout e) {
            sent.unanswered();
            takeAhead(false);
            metrics.timeout();
            stall(e.getMessage() + "; reading paused, the batch will be sent again");
            return 0;
        } catch (IOException e) {
            sent.unanswered();
            takeAhead(false);
            stall("sending to " + to + " failed (" + e.getMessage() + "); reading paused, the batch will be sent again");
            return 0;
        }
    }

    /**
     * Makes the batch prepared ahead the next to send, or, when the one sent was not wholly stored (its streams were
     * rewound under the prepared frames), drops it: those frames are cut again after the ones sent again.
     */
    private void takeAhead(boolean keep) {
        if (ahead == null) {
            return;
        }
        if (!keep) {
            ahead.drop();
        }
        PutBatch emptied = batch;
        batch = ahead;
        ahead = emptied;
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
