package io.udpgraph.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A UDP client of one queue node: one request datagram, one reply datagram, with a timeout and bounded
 * retries for the commands that are safe to repeat (SIZE, STATS, PUTID, ACK, NACK; PUT only when
 * {@link Options#retryPuts()} allows duplicates). Replies still waiting when the next request goes out (late,
 * or duplicated on the way) are discarded first; a reply that comes while a request is outstanding is taken only
 * when it has the shape that request's reply must have (the frame count, {@code PUT <n> bytes} with the request's
 * own n, lease grants not seen before). With {@link Options#freshPortPerRequest()} every attempt goes out from a
 * new UDP port, so no reply meant for another request can reach it at all ({@link ClientPorts}). Requests are written
 * with a {@link RequestWriter} and replies read with a {@link ReplyReader}; LEASE replies already accepted are
 * remembered by their first grant in {@link LeaseGrants}. Not thread-safe: give each thread its own client.
 */
public final class MqClient implements AutoCloseable {

    /** How a client waits and retries; {@link #defaults()} suits loopback and a LAN. */
    public record Options(Duration timeout, int retries, boolean retryPuts, boolean checksums,
                          boolean freshPortPerRequest, BusyPoll busyPoll) {
        /** Timeout per attempt. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
        /** Further attempts for a command that is safe to repeat. */
        public static final int DEFAULT_RETRIES = 3;

        public Options {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
            }
            java.util.Objects.requireNonNull(busyPoll, "busyPoll");
        }

        /**
         * 500 ms timeout, 3 retries of safe commands, PUT not retried, no checksums, one port for all requests, no
         * busy poll.
         */
        public static Options defaults() {
            return new Options(DEFAULT_TIMEOUT, DEFAULT_RETRIES, false, false, false, BusyPoll.OFF);
        }

        public Options timeout(Duration t) {
            return new Options(t, retries, retryPuts, checksums, freshPortPerRequest, busyPoll);
        }

        public Options retries(int n) {
            return new Options(timeout, n, retryPuts, checksums, freshPortPerRequest, busyPoll);
        }

        /** Retry PUT on timeout too: nothing is lost, but a PUT whose reply was lost is stored twice. */
        public Options retryPuts(boolean b) {
            return new Options(timeout, retries, b, checksums, freshPortPerRequest, busyPoll);
        }

        /** Wrap every request in a CRC32C and verify every reply's; a garbled reply counts as lost. */
        public Options checksums(boolean b) {
            return new Options(timeout, retries, retryPuts, b, freshPortPerRequest, busyPoll);
        }

        /**
         * Send every attempt from a new UDP port: a reply that comes late, or twice through a duplicating network,
         * then reaches a port nobody reads any more and can never be taken for the answer to a later request. Costs
         * a socket per request (tens of microseconds); use it where a misread acknowledgement would lose data.
         */
        public Options freshPortPerRequest(boolean b) {
            return new Options(timeout, retries, retryPuts, checksums, b, busyPoll);
        }

        /**
         * Poll for a reply this long before blocking on the socket ({@link BusyPoll}): a client in a tight
         * request/reply loop then pays no wake-up per reply, for the CPU it polls away.
         */
        public Options busyPoll(BusyPoll b) {
            return new Options(timeout, retries, retryPuts, checksums, freshPortPerRequest, b);
        }
    }

    /**
     * What a {@link #lease(LeaseId[], int, Duration, Duration)} brought back: the grants, and how many of the
     * acknowledged leases the node still held ({@code acked} is empty when the node refused the ACK, e.g. with
     * {@code ERR checksum}, or there was nothing to acknowledge; send those ids again).
     */
    public record LeaseReply(List<Lease> leases, OptionalInt acked) {
    }

    private final InetSocketAddress server;
    private final RequestExchange exchange;
    private final ReplyReader reply;
    private final LeaseGrants grants = new LeaseGrants();
    private final LeaseBatch batch = new LeaseBatch();
    /** The LEASE {@link #sendLease} sent: the commands before it (an ACK) and how many messages it asked for. */
    private int leaseSkip;
    private int leaseMax;
    private final boolean retryPuts;

    private MqClient(InetSocketAddress server, Options options) throws IOException {
        this.server = server;
        this.exchange = new RequestExchange(server, options);
        this.reply = exchange.reply();
        this.retryPuts = options.retryPuts();
    }

    /** A client of the node at {@code server} with default options. */
    public static MqClient connect(InetSocketAddress server) throws IOException {
        return new MqClient(server, Options.defaults());
    }

    /** A client of the node at {@code server}. */
    public static MqClient connect(InetSocketAddress server, Options options) throws IOException {
        return new MqClient(server, options);
    }

    /** A client of the node at {@code server}. */
    public static MqClient connect(HostPort server, Options options) throws IOException {
        return new MqClient(server.toSocketAddress(), options);
    }

    /** The node this client talks to. */
    public InetSocketAddress server() {
        return server;
    }

    /** The local address replies come back to. */
    public InetSocketAddress localAddress() throws IOException {
        return exchange.ports().localAddress();
    }

    /** Attempts repeated after a timeout or a garbled reply, over this client's life. */
    public long retries() {
        return exchange.retries();
    }

    /** Attempts that got no reply in time, over this client's life. */
    public long timeouts() {
        return exchange.timeouts();
    }

    /** Replies dropped because they failed their checksum or did not decode. */
    public long badReplies() {
        return exchange.badReplies();
    }

    /** Replies dropped because they could not be the answer to the request outstanding (late or repeated ones). */
    public long staleReplies() {
        return exchange.staleReplies();
    }

    // ---- classic commands ----

    /** {@code PUT:<text>}; returns the byte count the node acknowledged. */
    public int put(String text) throws IOException {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code PUT:<bytes>}; the bytes must be UTF-8. Returns the byte count the node acknowledged. */
    public int put(byte[] text) throws IOException {
        exchange.request().put(text);
        return putReply(text, retryPuts);
    }

    /** Classic {@code GET}: the oldest message, or an empty array when the queue is empty. */
    public byte[] get() throws IOException {
        exchange.request().get();
        exchange.one(false, r -> true);
        return reply.bytes(0);
    }

    /** Classic {@code GET} as text; the empty string for an empty queue (or an empty message). */
    public String getText() throws IOException {
        return new String(get(), StandardCharsets.UTF_8);
    }

    /** Classic {@code SIZE}: the number of visible messages. */
    public long size() throws IOException {
        exchange.request().size();
        exchange.one(true, r -> r.isError(0) || r.number(0) >= 0);
        return reply.number(0);
    }

    // ---- extensions (docs/PROTOCOL.md) ----

    /**
     * {@code GET:<n>[:<wait-ms>]}: up to {@code max} messages, waiting up to {@code wait} for the first.
     * An empty list means none came; a classic node answers with one message, which reads the same way.
     *
     * @throws MqException.ErrorReply when the node refused the GET ({@code ERR too-large} for a next message that
     *         does not fit a reply, {@code ERR usage}, …). A node answers a GET with an error only as the whole
     *         reply, so a lone message whose text itself reads {@code ERR <reason> …} is taken for one too: LEASE
     *         tells them apart, as its grants carry ids.
     */
    public List<byte[]> get(int max, Duration wait) throws IOException {
        if (wait.isZero()) {
            exchange.request().get(max);
        } else {
            exchange.request().get(max, wait.toMillis());
        }
        exchange.exchange(false, wait.toMillis(), r -> r.frames() <= max);
        List<byte[]> out = new ArrayList<>(reply.frames());
        if (reply.frames() == 1 && reply.isEmpty(0)) {
            return out;
        }
        if (reply.frames() == 1 && reply.isError(0)) {
            throw new MqException.ErrorReply(exchange.lastCommand(), reply.reply(0));
        }
        for (int i = 0; i < reply.frames(); i++) {
            out.add(reply.bytes(i));
        }
        return out;
    }

    /** {@code PUTID:<id>:<text>}: stored once however often it is repeated within the node's dedup window. */
    public int putWithId(String messageId, byte[] text) throws IOException {
        exchange.request().putWithId(messageId, text);
        return putReply(text, true);
    }

    /** {@code LEASE:<n>:<lease-ms>[:<wait-ms>]}: up to {@code max} messages, invisible to others until ACKed. */
    public List<Lease> lease(int max, Duration leaseTime, Duration wait) throws IOException {
        return lease(new LeaseId[0], max, leaseTime, wait).leases();
    }

    /**
     * {@code ACK:<ids>} and {@code LEASE:<n>:<lease-ms>[:<wait-ms>]} in one datagram: settles the last batch and
     * takes the next in one round trip. Without ids it is a plain LEASE. A reply whose grants this client has
     * received before (a LEASE reply repeated by the network, or one that came late) is dropped, and the wait for
     * the real one goes on.
     *
     * @throws MqException.ErrorReply when the node refused the LEASE (the ACK's own refusal shows in the result)
     */
    public LeaseReply lease(LeaseId[] ackFirst, int max, Duration leaseTime, Duration wait) throws IOException {
        leaseInPlace(LeaseIds.of(ackFirst), max, leaseTime, wait);
        int skip = ackFirst.length > 0 ? 1 : 0;
        OptionalInt acked = OptionalInt.empty();
        if (skip == 1 && !reply.isError(0)) {
            acked = OptionalInt.of(count(Verb.ACK, 0));
        }
        List<Lease> out = new ArrayList<>(reply.frames() - skip);
        if (!reply.isEmpty(skip)) {
            for (int k = skip; k < reply.frames(); k++) {
                reply.readLease(k);
                out.add(reply.lease());
            }
        }
        return new LeaseReply(out, acked);
    }

    /**
     * Like {@link #lease(LeaseId[], int, Duration, Duration)}, without a {@link Lease} or a copied body per grant,
     * for a drain that writes bodies on from the reply buffer: returns the grants, each read once, valid until the
     * next request (empty when there was nothing to lease).
     *
     * @throws MqException.ErrorReply when the node refused the LEASE
     */
    public LeaseBatch leaseInPlace(LeaseIds ackFirst, int max, Duration leaseTime, Duration wait) throws IOException {
        sendLease(ackFirst, max, leaseTime, wait);
        return awaitLease();
    }

    /**
     * The first half of {@link #leaseInPlace}: sends the ACK and LEASE and returns without waiting, so a drain can
     * write out the batch it holds while the node fills the next. That batch stays readable until
     * {@link #awaitLease()}, which must come next: no other request may go out in between.
     */
    public void sendLease(LeaseIds ackFirst, int max, Duration leaseTime, Duration wait) throws IOException {
        RequestWriter w = exchange.request();
        if (!ackFirst.isEmpty()) {
            w.ack(ackFirst);
        }
        if (wait.isZero()) {
            w.lease(max, leaseTime.toMillis());
        } else {
            w.lease(max, leaseTime.toMillis(), wait.toMillis());
        }
        leaseSkip = w.frames() - 1;
        leaseMax = max;
        exchange.send(wait.toMillis());
    }

    /**
     * The second half of {@link #leaseInPlace}: waits for the reply to the LEASE {@link #sendLease} sent and returns
     * its grants, as {@link #leaseInPlace} does.
     *
     * @throws MqException.ErrorReply when the node refused the LEASE
     */
    public LeaseBatch awaitLease() throws IOException {
        int skip = leaseSkip;
        int max = leaseMax;
        exchange.await(false, r -> grants.isFreshReply(r, skip, max, batch));
        if (reply.frames() == skip || reply.isError(skip)) {
            throw new MqException.ErrorReply(exchange.lastCommand(), reply.reply(reply.frames() - 1));
        }
        grants.remember(batch);
        return batch;
    }

    /** {@code ACK:<id>,…}: removes leased messages; returns how many were still leased and are now gone. */
    public int ack(LeaseId... leaseIds) throws IOException {
        return ack(LeaseIds.of(leaseIds));
    }

    /** {@link #ack(LeaseId...)} of ids kept in primitive arrays. */
    public int ack(LeaseIds leaseIds) throws IOException {
        if (leaseIds.isEmpty()) {
            return 0;
        }
        exchange.request().ack(leaseIds);
        exchange.one(true, r -> r.isError(0) || r.count(0, Verb.ACK) >= 0);
        return count(Verb.ACK, 0);
    }

    /** {@code NACK:<id>,…}: makes leased messages visible again now; returns how many were still leased. */
    public int nack(LeaseId... leaseIds) throws IOException {
        return nack(LeaseIds.of(leaseIds));
    }

    /** {@link #nack(LeaseId...)} of ids kept in primitive arrays. */
    public int nack(LeaseIds leaseIds) throws IOException {
        if (leaseIds.isEmpty()) {
            return 0;
        }
        exchange.request().nack(leaseIds);
        exchange.one(true, r -> r.isError(0) || r.count(0, Verb.NACK) >= 0);
        return count(Verb.NACK, 0);
    }

    /**
     * {@code PEEK}: the oldest visible message without taking it, or an empty array when none is visible (or it
     * is empty); safe to repeat.
     *
     * @throws MqException.ErrorReply when the node refused it ({@code ERR unknown} from a node without PEEK)
     */
    public byte[] peek() throws IOException {
        exchange.request().peek();
        exchange.one(true, r -> true);
        return reply.bytes(0);
    }

    /** {@code STATS}: the node's counts (visible, leased, dead-lettered, …) by name. */
    public Map<String, Long> stats() throws IOException {
        exchange.request().stats();
        exchange.one(true, r -> r.isError(0) || r.text(0).contains("="));
        return reply.stats(0);
    }

    /**
     * Sends any command texts in one datagram (a batch when there are several) and returns every reply
     * frame, errors included; never retried. For tools and tests that speak the protocol directly.
     */
    public List<Reply> send(List<String> commands) throws IOException {
        return send(commands, replies -> true);
    }

    /**
     * Like {@link #send(List)}, but takes only a reply that {@code accept} says can answer these commands (for
     * instance: one frame per command, each {@code PUT <n> bytes} with its own n); any other reply that arrives
     * meanwhile is dropped as late or repeated, counted in {@link #staleReplies()}, and the wait goes on.
     */
    public List<Reply> send(List<String> commands, Predicate<List<Reply>> accept) throws IOException {
        RequestWriter w = exchange.request();
        for (String c : commands) {
            w.text(c.getBytes(StandardCharsets.UTF_8));
        }
        exchange.exchange(false, exchange.longestWaitMs(), r -> accept.test(replies(r)));
        return replies(reply);
    }

    /**
     * Sends the commands {@code write} puts into one datagram with the {@link RequestWriter} (wrapped in checksums
     * when this client sends them; size a batch with its {@code sizeOf…} methods) and returns every reply frame of
     * the first reply {@code accept} takes for the answer; any other is dropped as late or repeated, counted in
     * {@link #staleReplies()}. Never retried: send again to retry.
     */
    public List<Reply> send(Consumer<RequestWriter> write, Predicate<List<Reply>> accept) throws IOException {
        write.accept(exchange.request());
        exchange.exchange(false, exchange.longestWaitMs(), r -> accept.test(replies(r)));
        return replies(reply);
    }

    /**
     * Like {@link #send(Consumer, Predicate)}, without a {@link Reply} per frame: the accepted reply is returned as
     * the client's {@link ReplyReader}, readable until the next request (for batches of hundreds of PUTs on a hot
     * path). Never retried: send again to retry.
     */
    public ReplyReader exchange(Consumer<RequestWriter> write, Predicate<ReplyReader> accept) throws IOException {
        send(write);
        return await(accept);
    }

    /**
     * The first half of {@link #exchange(Consumer, Predicate)}: writes and sends the request, and returns without
     * waiting, so the caller can prepare its next request while the node answers; {@link #await} must come next.
     */
    public void send(Consumer<RequestWriter> write) throws IOException {
        write.accept(exchange.request());
        exchange.send(exchange.longestWaitMs());
    }

    /** The second half of {@link #exchange(Consumer, Predicate)}: the reply to what {@link #send} sent. */
    public ReplyReader await(Predicate<ReplyReader> accept) throws IOException {
        exchange.await(false, accept);
        return reply;
    }

    /**
     * Sends raw bytes as one datagram, unframed, and returns the raw reply datagram (for tests and tools). An
     * empty datagram goes out from a socket of its own, since a connected Java socket sends nothing for one.
     */
    public byte[] sendRaw(byte[] datagram) throws IOException {
        return exchange.sendRaw(datagram);
    }

    /**
     * True for {@code PUT <n> bytes} where n is the text's UTF-8 byte count, or its character count (code points)
     * as the original node counted: the only replies a PUT or PUTID of that text can get besides an error.
     */
    public static boolean isPutReplyFor(Reply r, int textBytes, int textCodePoints) {
        long n = ReplyReader.putBytes(ByteBuffer.wrap(r.bytes()), 0, r.bytes().length);
        return n >= 0 && (n == textBytes || n == textCodePoints);
    }

    /** {@link #isPutReplyFor(Reply, int, int)} for a text given as its UTF-8 bytes. */
    public static boolean isPutReplyFor(Reply r, byte[] text) {
        return isPutReplyFor(r, text.length, Utf8.codePoints(text));
    }

    // ---- machinery ----

    private int putReply(byte[] text, boolean safeToRepeat) throws IOException {
        int bytes = text.length;
        int codePoints = Utf8.codePoints(text);
        exchange.one(safeToRepeat, r -> {
            long n = r.putBytes(0);
            return r.isError(0) || (n >= 0 && (n == bytes || n == codePoints));
        });
        long n = reply.putBytes(0);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new MqException.BadReply("PUT answered '" + reply.text(0) + "', expected 'PUT <n> bytes'");
        }
        return (int) n;
    }

    private int count(Verb verb, int frame) throws MqException.BadReply {
        long k = reply.count(frame, verb);
        if (k < 0 || k > Integer.MAX_VALUE) {
            throw new MqException.BadReply(verb + " answered '" + reply.text(frame) + "'");
        }
        return (int) k;
    }

    private static List<Reply> replies(ReplyReader r) {
        List<Reply> out = new ArrayList<>(r.frames());
        for (int i = 0; i < r.frames(); i++) {
            out.add(r.reply(i));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        exchange.close();
    }
}
