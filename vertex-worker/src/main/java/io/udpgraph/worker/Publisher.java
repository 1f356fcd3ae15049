package io.udpgraph.worker;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.Reply;
import io.udpgraph.protocol.RequestWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Level;

/**
 * Collects the results of the inputs in hand per output, then publishes them: to a queue node as
 * batches of {@code PUT} (or {@code PUTID}) frames, as many per datagram as fit, falling back to one
 * per datagram for a while for a node that answers a batch with a single reply; to a raw UDP sink as one
 * datagram each. Under the lease guarantees every PUT datagram goes out from a fresh port, so only its own
 * reply can acknowledge it. What a failure means depends on the guarantee: a PUT without a reply is lost under
 * at-most-once (it may have been stored, and sending it again could store it twice) and sent again
 * under the lease modes; a refusal that stored nothing ({@code ERR full}, {@code checksum},
 * {@code internal}) is sent again under every guarantee. Used from the worker's thread only.
 */
final class Publisher implements AutoCloseable {
    /** Most frames per PUT datagram: keeps the reply datagram small, and under what a node takes in one. */
    static final int MAX_FRAMES_PER_DATAGRAM = Math.min(128, ProtocolLimits.MAX_BATCH_COMMANDS);
    static final long FIRST_RETRY_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_RETRY_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Datagrams of single results after the first sign that a node does not take batches. */
    static final int FIRST_FALLBACK_DATAGRAMS = 16;
    static final int MAX_FALLBACK_DATAGRAMS = 4096;
    /** Unanswered batches in a row, before any was answered, after which results go one per datagram. */
    static final int BATCH_TIMEOUTS_BEFORE_SINGLES = 3;
    /** Unanswered batches in a row after which a node that took batches is no longer trusted to. */
    static final int BATCH_TIMEOUTS_BEFORE_DOUBT = 8;

    private final Link[] links;
    private final Link errors;
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
        List<Link> opened = new ArrayList<>();
        try {
            for (Output o : outputs) {
                opened.add(open(o, requestTimeout, true));
            }
            this.errors = errorsOutput == null ? null : open(errorsOutput, requestTimeout, false);
        } catch (IOException | RuntimeException e) {
            for (Link l : opened) {
                l.close();
            }
            throw e;
        }
        this.links = opened.toArray(new Link[0]);
    }

    private Link open(Output o, Duration requestTimeout, boolean countsAsResult) throws IOException {
        if (o.kind() == Output.Kind.UDP) {
            return new UdpLink(o, countsAsResult);
        }
        // a fresh port per PUT under the lease guarantees: a late or repeated "PUT 3 bytes" must never be taken
        // for the answer to another PUT of three bytes, or its input would be ACKed with the result unstored
        MqClient.Options options = MqClient.Options.defaults()
                .timeout(requestTimeout)
                .retries(0)
                .checksums(guarantee == Guarantee.EFFECTIVELY_ONCE)
                .freshPortPerRequest(guarantee.leases());
        return new QueueLink(o, options, countsAsResult);
    }

    int outputs() {
        return links.length;
    }


    /** Queues a result for output {@code link}; {@code id} is its PUTID id, or null for a plain PUT. */
    void add(int link, String id, String text) {
        links[link].pending.add(new Pending(id, text));
    }

    /** Queues an error report for the {@code --errors} output, if there is one. */
    void addError(String id, String text) {
        if (errors != null) {
            errors.pending.add(new Pending(id, text));
        }
    }

    /**
     * Publishes everything queued, output by output, and returns true when nothing is left to retry
     * (results refused for good are counted as lost and do not hold the input back). Returns false
     * only when {@code giveUp} said stop while results were still unacknowledged.
     */
    boolean flush(BooleanSupplier giveUp) {
        boolean all = true;
        for (Link l : links) {
            all &= l.flush(giveUp);
        }
        if (errors != null) {
            all &= errors.flush(giveUp);
        }
        return all;
    }

    @Override
    public void close() {
        for (Link l : links) {
            l.close();
        }
        if (errors != null) {
            errors.close();
        }
    }

    record Pending(String id, String text) {
    }

    /** Bytes of a string in UTF-8, without encoding it. */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    private abstract class Link implements AutoCloseable {
        final Output output;
        final boolean countsAsResult;
        List<Pending> pending = new ArrayList<>();

        Link(Output output, boolean countsAsResult) {
            this.output = output;
            this.countsAsResult = countsAsResult;
        }

        abstract boolean flush(BooleanSupplier giveUp);

        /** Results this link got acknowledged, over its life. */
        long deliveredTotal;

        void delivered(int n) {
            deliveredTotal += n;
            if (countsAsResult && n > 0) {
                metrics.resultsOut(n);
            }
        }

        void lost(int n, String kind, String why) {
            if (n > 0) {
                metrics.resultsLost(n);
                errorLog.once(kind + " " + output, Level.WARNING, n + (n == 1 ? " result" : " results") + " for "
                        + output + " lost: " + why);
            }
        }

        @Override
        public abstract void close();
    }

    /** A raw UDP sink: nobody acknowledges, so a result counts as out once the datagram is sent. */
    private final class UdpLink extends Link {
        private final DatagramChannel channel;

        UdpLink(Output output, boolean countsAsResult) throws IOException {
            super(output, countsAsResult);
            this.channel = DatagramChannel.open();
        }

        @Override
        boolean flush(BooleanSupplier giveUp) {
            List<Pending> todo = pending;
            pending = new ArrayList<>();
            int sent = 0;
            for (Pending p : todo) {
                byte[] bytes = p.text().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > ProtocolLimits.MAX_DATAGRAM_BYTES) {
                    lost(1, "too-large", "a result of " + bytes.length + " bytes does not fit one datagram ("
                            + ProtocolLimits.MAX_DATAGRAM_BYTES + " at most)");
                    continue;
                }
                try {
                    channel.send(ByteBuffer.wrap(bytes), output.address());
                    sent++;
                } catch (IOException e) {
                    lost(1, "udp-send", "cannot send to " + output + ": " + e.getMessage());
                }
            }
            delivered(sent);
            return true;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a datagram channel has nothing left to flush
            }
        }
    }

    /**
     * A queue node: batches of PUT or PUTID frames, each reply checked against its own PUT. Whether the node runs
     * every frame of a datagram is learnt from its answers: a full reply to a batch settles it; a single reply to a
     * batch (a classic node), or three batches in a row without an answer before any was answered, send results one
     * per datagram for a while, then a batch is tried again (after twice as many datagrams each time it fails).
     */
    private final class QueueLink extends Link {
        private final MqClient client;
        private final String where;
        /** True once a batch got one reply per frame. */
        private boolean batchesConfirmed;
        /** Datagrams still to send one result at a time before a batch is tried again. */
        private int singlesLeft;
        /** How long the next fall-back to single results lasts, in datagrams. */
        private int fallbackDatagrams = FIRST_FALLBACK_DATAGRAMS;
        /** Batches in a row that got no answer since the last full one. */
        private int batchTimeouts;
        private long retryDelayNs = FIRST_RETRY_DELAY_NS;

        QueueLink(Output output, MqClient.Options options, boolean countsAsResult) throws IOException {
            super(output, countsAsResult);
            this.client = MqClient.connect(output.address(), options);
            this.where = HostPort.of(output.address()).toString();
        }

        private int frameBytes(Pending p) {
            int body = utf8Length(p.text());
            boolean checksum = guarantee == Guarantee.EFFECTIVELY_ONCE;
            return p.id() == null ? RequestWriter.sizeOfPut(body, checksum)
                    : RequestWriter.sizeOfPutWithId(p.id().length(), body, checksum);
        }

        private String command(Pending p) {
            return p.id() == null ? "PUT:" + p.text() : "PUTID:" + p.id() + ":" + p.text();
        }

        @Override
        boolean flush(BooleanSupplier giveUp) {
            List<Pending> todo = pending;
            pending = new ArrayList<>();
            retryDelayNs = FIRST_RETRY_DELAY_NS;
            boolean retrying = false;
            while (!todo.isEmpty()) {
                List<Pending> next = new ArrayList<>();
                boolean failed = false;
                long deliveredBefore = deliveredTotal;
                int i = 0;
                while (i < todo.size()) {
                    int maxFrames = singlesLeft > 0 ? 1 : MAX_FRAMES_PER_DATAGRAM;
                    int end = i;
                    int bytes = 0;
                    while (end < todo.size() && end - i < maxFrames) {
                        int fb = frameBytes(todo.get(end));
                        if (bytes + fb > ProtocolLimits.MAX_DATAGRAM_BYTES) {
                            break;
                        }
                        bytes += fb;
                        end++;
                    }
                    if (end == i) {
                        lost(1, "too-large", "a result of " + utf8Length(todo.get(i).text())
                                + " bytes does not fit one datagram with its command");
                        i++;
                        continue;
                    }
                    if (retrying) {
                        metrics.publishRetry();
                    }
                    if (singlesLeft > 0) {
                        singlesLeft--;
                    }
                    failed |= send(todo.subList(i, end), next);
                    i = end;
                    if (failed) {
                        // keep the order: what was not sent yet waits behind what must be sent again
                        next.addAll(todo.subList(i, todo.size()));
                        break;
                    }
                }
                todo = next;
                if (todo.isEmpty()) {
                    return true;
                }
                if (deliveredTotal > deliveredBefore) {
                    // the node took something this round: it works, so the next wait starts short again
                    retryDelayNs = FIRST_RETRY_DELAY_NS;
                }
                if (failed) {
                    if (giveUp.getAsBoolean()) {
                        lost(todo.size(), "stopped", "the worker stopped before " + where + " acknowledged them");
                        return false;
                    }
                    park.accept(retryDelayNs);
                    retryDelayNs = Math.min(MAX_RETRY_DELAY_NS, retryDelayNs * 2);
                    retrying = true;
                } else {
                    retrying = false;
                }
            }
            return true;
        }

        /**
         * True when {@code replies} can be the answer to {@code chunk}: one frame per PUT, each an error or
         * {@code PUT <n> bytes} with that PUT's own n, or (a node without batches) one such frame for the first.
         * Anything else that arrives is a late or repeated answer to another request and is not taken.
         */
        private boolean answers(List<Pending> chunk, List<Reply> replies) {
            if (replies.size() != chunk.size() && (replies.size() != 1 || chunk.size() == 1)) {
                return false;
            }
            for (int k = 0; k < replies.size(); k++) {
                Reply r = replies.get(k);
                if (!r.isError() && !answers(chunk.get(k), r)) {
                    return false;
                }
            }
            return true;
        }

        private boolean answers(Pending p, Reply r) {
            String t = p.text();
            return MqClient.isPutReplyFor(r, utf8Length(t), t.codePointCount(0, t.length()));
        }

        /**
         * Sends one datagram of frames; adds to {@code next} what must be sent again and returns true when
         * that includes a failure (rather than frames a batch-less node never ran).
         */
        private boolean send(List<Pending> chunk, List<Pending> next) {
            List<String> commands = new ArrayList<>(chunk.size());
            for (Pending p : chunk) {
                commands.add(command(p));
            }
            List<Reply> replies;
            try {
                replies = client.send(commands, r -> answers(chunk, r));
            } catch (MqException.Timeout e) {
                return unanswered(chunk, next, "no reply from " + where + " in time");
            } catch (IOException e) {
                return unanswered(chunk, next, e.getMessage());
            }
            if (replies.size() == chunk.size()) {
                if (chunk.size() > 1) {
                    batchesConfirmed = true;
                    batchTimeouts = 0;
                    fallbackDatagrams = FIRST_FALLBACK_DATAGRAMS;
                }
                boolean failed = false;
                int ok = 0;
                for (int k = 0; k < chunk.size(); k++) {
                    int r = judge(chunk.get(k), replies.get(k));
                    if (r == OK) {
                        ok++;
                    } else if (r == AGAIN) {
                        next.add(chunk.get(k));
                        failed = true;
                    }
                }
                delivered(ok);
                return failed;
            }
            // one reply to a batch: a node that runs only the first frame of a datagram
            batchesConfirmed = false;
            fallBackToSingles();
            errorLog.once("no-batches " + where, Level.INFO, where + " answers a batch of PUTs with one reply, "
                    + "so results go one per datagram for a while");
            Reply r = replies.get(0);
            if (r.isError() && r.reason() == ErrorReason.MALFORMED) {
                next.addAll(chunk);
                return false;
            }
            boolean failed = false;
            int verdict = judge(chunk.get(0), r);
            if (verdict == OK) {
                delivered(1);
            } else if (verdict == AGAIN) {
                next.add(chunk.get(0));
                failed = true;
            }
            next.addAll(chunk.subList(1, chunk.size()));
            return failed;
        }

        private void fallBackToSingles() {
            singlesLeft = fallbackDatagrams;
            fallbackDatagrams = Math.min(MAX_FALLBACK_DATAGRAMS, fallbackDatagrams * 2);
        }

        private boolean unanswered(List<Pending> chunk, List<Pending> next, String why) {
            if (chunk.size() > 1) {
                // a node that drops a datagram of several frames looks like this, but so does a lossy network:
                // only several unanswered batches in a row (more once the node has answered one) mean the first
                batchTimeouts++;
                if (batchTimeouts >= (batchesConfirmed ? BATCH_TIMEOUTS_BEFORE_DOUBT : BATCH_TIMEOUTS_BEFORE_SINGLES)) {
                    batchesConfirmed = false;
                    batchTimeouts = 0;
                    fallBackToSingles();
                }
            }
            if (guarantee == Guarantee.AT_MOST_ONCE) {
                lost(chunk.size(), "unanswered", why + " (at-most-once does not send a PUT twice)");
                return false;
            }
            errorLog.once("unanswered " + where, Level.WARNING, why + "; sending again until it answers");
            next.addAll(chunk);
            return true;
        }

        private static final int OK = 0;
        private static final int AGAIN = 1;
        private static final int NEVER = 2;

        private int judge(Pending p, Reply r) {
            if (!r.isError()) {
                return OK;
            }
            ErrorReason reason = r.reason();
            switch (reason) {
                case FULL, CHECKSUM, INTERNAL -> {
                    errorLog.once(reason.word() + " " + where, Level.WARNING, where + " refused a PUT (" + r.text()
                            + "); sending it again with back-off");
                    return AGAIN;
                }
                case UNKNOWN_VERB -> {
                    lost(1, "unknown", where + " does not know " + (p.id() == null ? "PUT" : "PUTID") + " ("
                            + r.text() + ")" + (p.id() == null ? "" : ": --guarantee effectively-once needs a queue "
                            + "node with the PUTID extension; use at-least-once with this one"));
                    return NEVER;
                }
                default -> {
                    lost(1, reason.word(), where + " refused a result for good: " + r.text());
                    return NEVER;
                }
            }
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (IOException e) {
                // nothing left to say to the node
            }
        }
    }
}
