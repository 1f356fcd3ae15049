package io.udpgraph.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A UDP client of one queue node: one request datagram, one reply datagram, with a timeout and bounded
 * retries for the commands that are safe to repeat (SIZE, STATS, PUTID, ACK, NACK; PUT only when
 * {@link Options#retryPuts()} allows duplicates). Replies still waiting when the next request goes out (late,
 * or duplicated on the way) are discarded first; a reply that comes while a request is outstanding is taken only
 * when it has the shape that request's reply must have (the frame count, {@code PUT <n> bytes} with the request's
 * own n, lease grants not seen before). With {@link Options#freshPortPerRequest()} every attempt goes out from a
 * new UDP port, so no reply meant for another request can reach it at all. Not thread-safe: give each thread its
 * own client.
 */
public final class MqClient implements AutoCloseable {

    /** How a client waits and retries; {@link #defaults()} suits loopback and a LAN. */
    public record Options(Duration timeout, int retries, boolean retryPuts, boolean checksums,
                          boolean freshPortPerRequest) {
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
        }

        /** 500 ms timeout, 3 retries of safe commands, PUT not retried, no checksums, one port for all requests. */
        public static Options defaults() {
            return new Options(DEFAULT_TIMEOUT, DEFAULT_RETRIES, false, false, false);
        }

        public Options timeout(Duration t) {
            return new Options(t, retries, retryPuts, checksums, freshPortPerRequest);
        }

        public Options retries(int n) {
            return new Options(timeout, n, retryPuts, checksums, freshPortPerRequest);
        }

        /** Retry PUT on timeout too: nothing is lost, but a PUT whose reply was lost is stored twice. */
        public Options retryPuts(boolean b) {
            return new Options(timeout, retries, b, checksums, freshPortPerRequest);
        }

        /** Wrap every request in a CRC32C and verify every reply's; a garbled reply counts as lost. */
        public Options checksums(boolean b) {
            return new Options(timeout, retries, retryPuts, b, freshPortPerRequest);
        }

        /**
         * Send every attempt from a new UDP port: a reply that comes late, or twice through a duplicating network,
         * then reaches a port nobody reads any more and can never be taken for the answer to a later request. Costs
         * a socket per request (tens of microseconds); use it where a misread acknowledgement would lose data.
         */
        public Options freshPortPerRequest(boolean b) {
            return new Options(timeout, retries, retryPuts, checksums, b);
        }
    }

    /**
     * What a {@link #lease(long[], int, Duration, Duration)} brought back: the grants, and how many of the
     * acknowledged leases the node still held ({@code acked} is empty when the node refused the ACK, e.g. with
     * {@code ERR checksum}, or there was nothing to acknowledge; send those ids again).
     */
    public record LeaseReply(List<Lease> leases, OptionalInt acked) {
    }

    /** Ports kept open (and unread) after use, so the system does not hand them out again while replies may come. */
    static final int RETIRED_PORTS = 8;
    /** Lease grants remembered to recognise a repeated LEASE reply. */
    static final int REMEMBERED_GRANTS = 8192;

    private final InetSocketAddress server;
    private final Options options;
    private final Selector selector;
    private DatagramChannel channel;
    private SelectionKey key;
    /** With a fresh port per request: the next request's channel, opened while the last one waited. */
    private DatagramChannel spare;
    /** False until the current channel carried a request; a fresh-port client then moves on to a new one. */
    private boolean channelUsed;
    private final ArrayDeque<DatagramChannel> retired = new ArrayDeque<>(RETIRED_PORTS + 1);
    /** lease id to the highest delivery count granted to this client, oldest first. */
    private final LinkedHashMap<Long, Integer> grants = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > REMEMBERED_GRANTS;
        }
    };
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(Frames.MAX_DATAGRAM_BYTES);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(Frames.MAX_DATAGRAM_BYTES + 1);
    private final FrameCursor cursor = new FrameCursor();
    private long retries;
    private long timeouts;
    private long badReplies;
    private long staleReplies;

    private MqClient(InetSocketAddress server, Options options) throws IOException {
        this.server = server;
        this.options = options;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new MqException("cannot open a selector for a UDP client of " + HostPort.of(server) + ": "
                    + e.getMessage(), e);
        }
        try {
            openChannel();
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    private void openChannel() throws IOException {
        channel = newChannel();
        key = channel.keyFor(selector);
        channelUsed = false;
    }

    private DatagramChannel newChannel() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.configureBlocking(false);
            ch.connect(server);
            ch.register(selector, SelectionKey.OP_READ);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new MqException("cannot open a UDP socket towards " + HostPort.of(server) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the port the next request will use while this one's reply is on its way, so that the tens of
     * microseconds a new socket costs overlap the round trip instead of adding to it.
     */
    private void prepareSpare() {
        if (spare == null) {
            try {
                spare = newChannel();
            } catch (IOException e) {
                // the next request opens its own, and reports the failure if it persists
            }
        }
    }

    /**
     * Moves to a new port. The old one stays bound, unread, for the next few requests, so that the system cannot
     * give its number to a new socket while a late reply to it may still arrive.
     */
    private void renewChannel() throws IOException {
        DatagramChannel old = channel;
        SelectionKey oldKey = key;
        if (spare != null) {
            channel = spare;
            key = channel.keyFor(selector);
            channelUsed = false;
            spare = null;
        } else {
            openChannel();
        }
        oldKey.cancel();
        retired.addLast(old);
        if (retired.size() > RETIRED_PORTS) {
            closeQuietly(retired.removeFirst());
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // a datagram socket has nothing to flush; closing it cannot lose anything
        }
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
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Attempts repeated after a timeout or a garbled reply, over this client's life. */
    public long retries() {
        return retries;
    }

    /** Attempts that got no reply in time, over this client's life. */
    public long timeouts() {
        return timeouts;
    }

    /** Replies dropped because they failed their checksum or did not decode. */
    public long badReplies() {
        return badReplies;
    }

    /** Replies dropped because they could not be the answer to the request outstanding (late or repeated ones). */
    public long staleReplies() {
        return staleReplies;
    }

    // ---- classic commands ----

    /** {@code PUT:<text>}; returns the byte count the node acknowledged. */
    public int put(String text) throws IOException {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code PUT:<bytes>}; the bytes must be UTF-8. Returns the byte count the node acknowledged. */
    public int put(byte[] text) throws IOException {
        byte[] command = concat("PUT:", text);
        return parsePutReply(one(command, options.retryPuts(), 0, r -> r.isError() || isPutReplyFor(r, text)));
    }

    /** Classic {@code GET}: the oldest message, or an empty array when the queue is empty. */
    public byte[] get() throws IOException {
        return one(ascii("GET"), false, 0, r -> true).bytes();
    }

    /** Classic {@code GET} as text; the empty string for an empty queue (or an empty message). */
    public String getText() throws IOException {
        return new String(get(), StandardCharsets.UTF_8);
    }

    /** Classic {@code SIZE}: the number of visible messages. */
    public long size() throws IOException {
        Reply r = one(ascii("SIZE"), true, 0, t -> t.isError() || isDecimal(t));
        try {
            return Long.parseLong(r.text().strip());
        } catch (NumberFormatException e) {
            throw new MqException.BadReply("SIZE answered '" + r.text() + "', not a number");
        }
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
        String command = wait.isZero() ? "GET:" + max : "GET:" + max + ":" + wait.toMillis();
        List<Reply> replies = exchange(List.of(ascii(command)), false, wait.toMillis(), r -> r.size() <= max);
        List<byte[]> out = new ArrayList<>(replies.size());
        if (replies.size() == 1 && replies.get(0).isEmpty()) {
            return out;
        }
        if (replies.size() == 1 && replies.get(0).isError()) {
            throw new MqException.ErrorReply(command, replies.get(0));
        }
        for (Reply r : replies) {
            out.add(r.bytes());
        }
        return out;
    }

    /** {@code PUTID:<id>:<text>}: stored once however often it is repeated within the node's dedup window. */
    public int putWithId(String messageId, byte[] text) throws IOException {
        return parsePutReply(one(concat("PUTID:" + messageId + ":", text), true, 0,
                r -> r.isError() || isPutReplyFor(r, text)));
    }

    /** {@code LEASE:<n>:<lease-ms>[:<wait-ms>]}: up to {@code max} messages, invisible to others until ACKed. */
    public List<Lease> lease(int max, Duration leaseTime, Duration wait) throws IOException {
        return lease(new long[0], max, leaseTime, wait).leases();
    }

    /**
     * {@code ACK:<ids>} and {@code LEASE:<n>:<lease-ms>[:<wait-ms>]} in one datagram: settles the last batch and
     * takes the next in one round trip. Without ids it is a plain LEASE. A reply whose grants this client has
     * received before (a LEASE reply repeated by the network, or one that came late) is dropped, and the wait for
     * the real one goes on.
     *
     * @throws MqException.ErrorReply when the node refused the LEASE (the ACK's own refusal shows in the result)
     */
    public LeaseReply lease(long[] ackFirst, int max, Duration leaseTime, Duration wait) throws IOException {
        String command = "LEASE:" + max + ":" + leaseTime.toMillis() + (wait.isZero() ? "" : ":" + wait.toMillis());
        List<byte[]> commands = new ArrayList<>(2);
        if (ackFirst.length > 0) {
            commands.add(ascii(idList("ACK", ackFirst)));
        }
        commands.add(ascii(command));
        int skip = commands.size() - 1;
        List<Reply> replies = exchange(commands, false, wait.toMillis(), r -> isFreshLeaseReply(r, skip, max));
        if (replies.size() == skip) {
            throw new MqException.ErrorReply(command, replies.get(0));
        }
        OptionalInt acked = OptionalInt.empty();
        if (skip == 1) {
            Reply a = replies.get(0);
            if (!a.isError()) {
                acked = OptionalInt.of(parseCount("ACK", a));
            }
        }
        Reply first = replies.get(skip);
        if (first.isError()) {
            throw new MqException.ErrorReply(command, first);
        }
        List<Lease> out = new ArrayList<>(replies.size() - skip);
        if (!first.isEmpty()) {
            for (int k = skip; k < replies.size(); k++) {
                Lease lease = Lease.parse(replies.get(k).bytes());
                grants.put(lease.leaseId(), lease.deliveries());
                out.add(lease);
            }
        }
        return new LeaseReply(out, acked);
    }

    /**
     * True when a reply can answer a (ACK +) LEASE request: one ACK frame when there was an ACK, then an error,
     * the empty frame, or up to {@code max} grants none of which this client has received before.
     */
    private boolean isFreshLeaseReply(List<Reply> replies, int skip, int max) {
        if (skip == 1 && replies.size() == 1 && replies.get(0).isError()) {
            return true; // the node refused the whole datagram (ERR malformed, ERR usage)
        }
        if (replies.size() <= skip || replies.size() > skip + max) {
            return false;
        }
        if (skip == 1 && !replies.get(0).isError() && !replies.get(0).text().startsWith("ACK ")) {
            return false;
        }
        for (int k = skip; k < replies.size(); k++) {
            Reply r = replies.get(k);
            if (r.isError() || r.isEmpty()) {
                // an error or "none" is always the whole reply to a LEASE
                return replies.size() == skip + 1;
            }
            Lease lease;
            try {
                lease = Lease.parse(r.bytes());
            } catch (MqException.BadReply e) {
                return false;
            }
            Integer seen = grants.get(lease.leaseId());
            if (seen != null && seen >= lease.deliveries()) {
                return false;
            }
        }
        return true;
    }

    /** {@code ACK:<id>,…}: removes leased messages; returns how many were still leased and are now gone. */
    public int ack(long... leaseIds) throws IOException {
        return countReply("ACK", leaseIds);
    }

    /** {@code NACK:<id>,…}: makes leased messages visible again now; returns how many were still leased. */
    public int nack(long... leaseIds) throws IOException {
        return countReply("NACK", leaseIds);
    }

    /** {@code STATS}: the node's counts (visible, leased, dead-lettered, …) by name. */
    public Map<String, Long> stats() throws IOException {
        Reply r = one(ascii("STATS"), true, 0, t -> t.isError() || t.text().contains("="));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String pair : r.text().strip().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    throw new MqException.BadReply("STATS answered '" + r.text() + "'");
                }
            }
        }
        return out;
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
        List<byte[]> texts = new ArrayList<>(commands.size());
        for (String c : commands) {
            texts.add(c.getBytes(StandardCharsets.UTF_8));
        }
        return exchange(texts, false, longPollOf(commands), accept);
    }

    /**
     * Sends raw bytes as one datagram, unframed, and returns the raw reply datagram (for tests and tools). An
     * empty datagram goes out from a socket of its own, since a connected Java socket sends nothing for one.
     */
    public byte[] sendRaw(byte[] datagram) throws IOException {
        if (datagram.length == 0) {
            return sendEmptyDatagram();
        }
        if (options.freshPortPerRequest() && channelUsed) {
            renewChannel();
        } else {
            discardStaleReplies();
        }
        channelUsed = true;
        sendBuffer.clear();
        sendBuffer.put(datagram).flip();
        try {
            channel.write(sendBuffer);
        } catch (PortUnreachableException e) {
            throw unreachable();
        }
        if (!awaitReply(deadlineAfter(options.timeout().toMillis()))) {
            timeouts++;
            throw timeoutError("a raw datagram", 1);
        }
        byte[] out = new byte[receiveBuffer.remaining()];
        receiveBuffer.get(out);
        return out;
    }

    /** An unconnected socket does send a zero-length datagram (the connected one skips the system call). */
    private byte[] sendEmptyDatagram() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(); Selector s = Selector.open()) {
            ch.configureBlocking(false);
            ch.register(s, SelectionKey.OP_READ);
            ch.send(ByteBuffer.allocate(0), server);
            long deadline = deadlineAfter(options.timeout().toMillis());
            ByteBuffer in = ByteBuffer.allocate(Frames.MAX_DATAGRAM_BYTES + 1);
            while (true) {
                in.clear();
                if (server.equals(ch.receive(in))) {
                    in.flip();
                    byte[] out = new byte[in.remaining()];
                    in.get(out);
                    return out;
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    timeouts++;
                    throw timeoutError("an empty datagram", 1);
                }
                s.select(leftMs);
                s.selectedKeys().clear();
            }
        }
    }

    // ---- machinery ----

    private static String idList(String verb, long[] ids) {
        StringBuilder sb = new StringBuilder(verb).append(':');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(ids[i]);
        }
        return sb.toString();
    }

    private int countReply(String verb, long[] ids) throws IOException {
        if (ids.length == 0) {
            return 0;
        }
        String prefix = verb + " ";
        Reply r = one(ascii(idList(verb, ids)), true, 0, t -> t.isError() || t.text().startsWith(prefix));
        return parseCount(verb, r);
    }

    private static int parseCount(String verb, Reply r) throws MqException.BadReply {
        String t = r.text();
        if (!t.startsWith(verb + " ")) {
            throw new MqException.BadReply(verb + " answered '" + t + "'");
        }
        try {
            return Integer.parseInt(t.substring(verb.length() + 1).strip());
        } catch (NumberFormatException e) {
            throw new MqException.BadReply(verb + " answered '" + t + "'");
        }
    }

    /**
     * True for {@code PUT <n> bytes} where n is the text's UTF-8 byte count, or its character count (code points)
     * as the original node counted: the only replies a PUT or PUTID of that text can get besides an error.
     */
    public static boolean isPutReplyFor(Reply r, int textBytes, int textCodePoints) {
        byte[] b = r.bytes();
        int digits = b.length - 10; // "PUT " + digits + " bytes"
        if (digits < 1 || b[0] != 'P' || b[1] != 'U' || b[2] != 'T' || b[3] != ' '
                || !Arrays.equals(b, b.length - 6, b.length, BYTES_SUFFIX, 0, BYTES_SUFFIX.length)) {
            return false;
        }
        long n = 0;
        for (int i = 4; i < 4 + digits; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || digits > 10) {
                return false;
            }
            n = n * 10 + d;
        }
        return n == textBytes || n == textCodePoints;
    }

    /** {@link #isPutReplyFor(Reply, int, int)} for a text given as its UTF-8 bytes. */
    public static boolean isPutReplyFor(Reply r, byte[] text) {
        int codePoints = 0;
        for (byte c : text) {
            if ((c & 0xc0) != 0x80) {
                codePoints++;
            }
        }
        return isPutReplyFor(r, text.length, codePoints);
    }

    private static boolean isDecimal(Reply r) {
        byte[] b = r.bytes();
        if (b.length == 0) {
            return false;
        }
        for (byte c : b) {
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static final byte[] BYTES_SUFFIX = " bytes".getBytes(StandardCharsets.US_ASCII);

    private static int parsePutReply(Reply r) throws MqException {
        String t = r.text();
        if (t.startsWith("PUT ") && t.endsWith(" bytes")) {
            try {
                return Integer.parseInt(t, 4, t.length() - 6, 10);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new MqException.BadReply("PUT answered '" + t + "', expected 'PUT <n> bytes'");
    }

    /** One command, one reply frame that {@code accept} takes for its answer (errors are thrown). */
    private Reply one(byte[] command, boolean safeToRepeat, long longPollMillis, Predicate<Reply> accept)
            throws IOException {
        List<Reply> replies = exchange(List.of(command), safeToRepeat, longPollMillis,
                rs -> rs.size() == 1 && accept.test(rs.get(0)));
        Reply r = replies.get(0);
        if (r.isError()) {
            throw new MqException.ErrorReply(preview(command), r);
        }
        return r;
    }

    /**
     * Sends the commands as one datagram and returns the first reply that {@code accept} takes for theirs.
     * A reply that fails the check is dropped and the wait goes on; a garbled one ends the attempt.
     */
    private List<Reply> exchange(List<byte[]> commands, boolean safeToRepeat, long longPollMillis,
                                 Predicate<List<Reply>> accept) throws IOException {
        int attempts = safeToRepeat ? options.retries() + 1 : 1;
        encodeRequest(commands);
        for (int attempt = 1; ; attempt++) {
            if (options.freshPortPerRequest() && channelUsed) {
                renewChannel();
            } else {
                discardStaleReplies();
            }
            channelUsed = true;
            sendBuffer.rewind();
            try {
                channel.write(sendBuffer);
            } catch (PortUnreachableException e) {
                throw unreachable();
            }
            if (options.freshPortPerRequest()) {
                prepareSpare();
            }
            long deadline = deadlineAfter(options.timeout().toMillis() + longPollMillis);
            boolean answered = false;
            while (awaitReply(deadline)) {
                List<Reply> replies = decodeReply();
                if (replies == null) {
                    badReplies++;
                    answered = true;
                    break;
                }
                if (accept.test(replies)) {
                    return replies;
                }
                staleReplies++;
            }
            if (!answered) {
                timeouts++;
            }
            if (attempt >= attempts) {
                throw timeoutError(preview(commands.get(commands.size() - 1)), attempt);
            }
            retries++;
        }
    }

    private static long deadlineAfter(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private void encodeRequest(List<byte[]> commands) {
        sendBuffer.clear();
        for (byte[] c : commands) {
            byte[] text = options.checksums() ? Integrity.wrap(c) : c;
            int need = Frames.frameLength(text.length);
            if (need > sendBuffer.remaining()) {
                throw new FrameTooLargeException(text.length, sendBuffer.position() + need, Frames.MAX_DATAGRAM_BYTES);
            }
            Frames.encode(ByteBuffer.wrap(text), sendBuffer);
        }
        sendBuffer.flip();
    }

    /** Decodes the received datagram; null when it is garbled (bad frame or checksum) and so counts as lost. */
    private List<Reply> decodeReply() {
        List<Reply> out = new ArrayList<>(1);
        cursor.reset(receiveBuffer);
        try {
            while (cursor.hasNext()) {
                cursor.next();
                ByteBuffer text = cursor.text();
                if (options.checksums()) {
                    text = Integrity.unwrap(text);
                }
                byte[] bytes = new byte[text.remaining()];
                text.get(bytes);
                out.add(new Reply(bytes));
            }
        } catch (FrameException | Integrity.ChecksumMismatchException e) {
            return null;
        }
        return out;
    }

    /** Waits until a datagram is in {@code receiveBuffer} (true) or the deadline, in nanoTime, has passed. */
    private boolean awaitReply(long deadline) throws IOException {
        while (true) {
            receiveBuffer.clear();
            try {
                if (channel.receive(receiveBuffer) != null) {
                    receiveBuffer.flip();
                    return true;
                }
            } catch (PortUnreachableException e) {
                throw unreachable();
            }
            long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0) {
                return false;
            }
            // select's unit is the millisecond; round up so the last fraction is waited too
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs + 999_999)));
            selector.selectedKeys().clear();
        }
    }

    /**
     * Drops whatever waits in the socket before a request goes out: replies to requests that timed out, and
     * the second reply to a request a router duplicated. One non-blocking receive when there is none.
     */
    private void discardStaleReplies() throws IOException {
        receiveBuffer.clear();
        try {
            while (channel.receive(receiveBuffer) != null) {
                receiveBuffer.clear();
            }
        } catch (PortUnreachableException e) {
            // an earlier request met a closed port; the next send reports it if it is still closed
        }
    }

    private MqException unreachable() {
        return new MqException("nothing listens at " + HostPort.of(server)
                + " (ICMP port unreachable): start a queue node there or check the address");
    }

    private MqException.Timeout timeoutError(String what, int attempts) {
        return new MqException.Timeout("no reply from " + HostPort.of(server) + " to " + what + " within "
                + options.timeout().toMillis() + " ms (" + attempts + (attempts == 1 ? " attempt" : " attempts")
                + "): is a queue node running there?");
    }

    private static long longPollOf(List<String> commands) {
        long max = 0;
        for (String c : commands) {
            // only GET:<n>:<wait-ms> and LEASE:<n>:<lease-ms>:<wait-ms> wait; most batches are PUTs
            if (!c.startsWith("GET:") && !c.startsWith("LEASE:")) {
                continue;
            }
            String[] parts = c.split(":");
            if (parts.length == (c.startsWith("GET:") ? 3 : 4)) {
                try {
                    max = Math.max(max, Long.parseLong(parts[parts.length - 1].strip()));
                } catch (NumberFormatException e) {
                    // not a long poll; the node will say what is wrong
                }
            }
        }
        return max;
    }

    private static String preview(byte[] command) {
        String s = new String(command, StandardCharsets.UTF_8);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String prefix, byte[] text) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + text.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(text, 0, out, p.length, text.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            for (DatagramChannel ch : retired) {
                closeQuietly(ch);
            }
            retired.clear();
            if (spare != null) {
                closeQuietly(spare);
            }
            channel.close();
        }
    }
}
