package io.udpgraph.worker;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.protocol.Reply;
import io.udpgraph.protocol.RequestWriter;
import io.udpgraph.worker.Publisher.Pending;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Level;

/**
 * A queue node: batches of PUT or PUTID frames, as many as {@link BatchPolicy} allows and one datagram holds, each
 * reply checked against its own PUT. What a failure means depends on the guarantee: a PUT without a reply is lost
 * under at-most-once (it may have been stored, and sending it again could store it twice) and sent again under the
 * lease modes; a refusal that stored nothing ({@code ERR full}, {@code checksum}, {@code internal}) is sent again
 * under every guarantee, with a back-off that doubles from {@link #FIRST_RETRY_DELAY_NS} up to
 * {@link #MAX_RETRY_DELAY_NS}. Used from the worker's thread only.
 */
final class QueueLink extends OutputLink {
    static final long FIRST_RETRY_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_RETRY_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final MqClient client;
    private final String where;
    private final Guarantee guarantee;
    private final WorkerMetrics metrics;
    private final ErrorLog errorLog;
    private final LongConsumer park;
    private final BatchPolicy batching = new BatchPolicy();
    private long retryDelayNs = FIRST_RETRY_DELAY_NS;

    /** {@code park} waits the given nanoseconds between retry rounds. */
    QueueLink(Output output, boolean countsAsResult, Guarantee guarantee, Duration requestTimeout,
              WorkerMetrics metrics, ErrorLog errorLog, LongConsumer park) throws IOException {
        super(output, countsAsResult, metrics, errorLog);
        this.guarantee = guarantee;
        this.metrics = metrics;
        this.errorLog = errorLog;
        this.park = park;
        // a fresh port per PUT under the lease guarantees: a late or repeated "PUT 3 bytes" must never be taken
        // for the answer to another PUT of three bytes, or its input would be ACKed with the result unstored
        MqClient.Options options = MqClient.Options.defaults()
                .timeout(requestTimeout)
                .retries(0)
                .checksums(guarantee == Guarantee.EFFECTIVELY_ONCE)
                .freshPortPerRequest(guarantee.leases());
        this.client = MqClient.connect(output.address(), options);
        this.where = HostPort.of(output.address()).toString();
    }

    private int frameBytes(Pending p) {
        boolean checksum = guarantee == Guarantee.EFFECTIVELY_ONCE;
        return p.id() == null ? RequestWriter.sizeOfPut(p.body().length, checksum)
                : RequestWriter.sizeOfPutWithId(p.id().length(), p.body().length, checksum);
    }

    private static void write(List<Pending> chunk, RequestWriter out) {
        for (Pending p : chunk) {
            if (p.id() == null) {
                out.put(p.body());
            } else {
                out.putWithId(p.id(), p.body());
            }
        }
    }

    @Override
    boolean flush(BooleanSupplier giveUp) {
        List<Pending> todo = takePending();
        retryDelayNs = FIRST_RETRY_DELAY_NS;
        boolean retrying = false;
        while (!todo.isEmpty()) {
            List<Pending> next = new ArrayList<>();
            boolean failed = false;
            long deliveredBefore = deliveredTotal;
            int i = 0;
            while (i < todo.size()) {
                int maxFrames = batching.maxFrames();
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
                    lost(1, "too-large", "a result of " + todo.get(i).body().length
                            + " bytes does not fit one datagram with its command");
                    i++;
                    continue;
                }
                if (retrying) {
                    metrics.publishRetry();
                }
                batching.sending();
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
        return MqClient.isPutReplyFor(r, p.body());
    }

    /**
     * Sends one datagram of frames; adds to {@code next} what must be sent again and returns true when
     * that includes a failure (rather than frames a batch-less node never ran).
     */
    private boolean send(List<Pending> chunk, List<Pending> next) {
        List<Reply> replies;
        try {
            replies = client.send(out -> write(chunk, out), r -> answers(chunk, r));
        } catch (MqException.Timeout e) {
            return unanswered(chunk, next, "no reply from " + where + " in time");
        } catch (IOException e) {
            return unanswered(chunk, next, e.getMessage());
        }
        if (replies.size() == chunk.size()) {
            if (chunk.size() > 1) {
                batching.batchAnswered();
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
        batching.batchAnsweredOnce();
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

    private boolean unanswered(List<Pending> chunk, List<Pending> next, String why) {
        if (chunk.size() > 1) {
            batching.batchUnanswered();
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
        closeQuietly(client);
    }
}
