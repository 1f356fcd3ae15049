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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A UDP client of one queue node: one request datagram, one reply datagram, with a timeout and bounded
 * retries for the commands that are safe to repeat (SIZE, STATS, PUTID, ACK, NACK; PUT only when
 * {@link Options#retryPuts()} allows duplicates). Replies still waiting when the next request goes out (late,
 * or duplicated on the way) are discarded first. Not thread-safe: give each thread its own client.
 */
public final class MqClient implements AutoCloseable {

    /** How a client waits and retries; {@link #defaults()} suits loopback and a LAN. */
    public record Options(Duration timeout, int retries, boolean retryPuts, boolean checksums) {
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

        /** 500 ms timeout, 3 retries of safe commands, PUT not retried, no checksums. */
        public static Options defaults() {
            return new Options(DEFAULT_TIMEOUT, DEFAULT_RETRIES, false, false);
        }

        public Options timeout(Duration t) {
            return new Options(t, retries, retryPuts, checksums);
        }

        public Options retries(int n) {
            return new Options(timeout, n, retryPuts, checksums);
        }

        /** Retry PUT on timeout too: nothing is lost, but a PUT whose reply was lost is stored twice. */
        public Options retryPuts(boolean b) {
            return new Options(timeout, retries, b, checksums);
        }

        /** Wrap every request in a CRC32C and verify every reply's; a garbled reply counts as lost. */
        public Options checksums(boolean b) {
            return new Options(timeout, retries, retryPuts, b);
        }
    }

    private final InetSocketAddress server;
    private final Options options;
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(Frames.MAX_DATAGRAM_BYTES);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(Frames.MAX_DATAGRAM_BYTES + 1);
    private final FrameCursor cursor = new FrameCursor();
    private long retries;
    private long timeouts;
    private long badReplies;

    private MqClient(InetSocketAddress server, Options options) throws IOException {
        this.server = server;
        this.options = options;
        this.channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.connect(server);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new MqException("cannot open a UDP socket towards " + HostPort.of(server) + ": " + e.getMessage(), e);
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

    // ---- classic commands ----

    /** {@code PUT:<text>}; returns the byte count the node acknowledged. */
    public int put(String text) throws IOException {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code PUT:<bytes>}; the bytes must be UTF-8. Returns the byte count the node acknowledged. */
    public int put(byte[] text) throws IOException {
        byte[] command = concat("PUT:", text);
        return parsePutReply(one(command, options.retryPuts(), 0));
    }

    /** Classic {@code GET}: the oldest message, or an empty array when the queue is empty. */
    public byte[] get() throws IOException {
        return one(ascii("GET"), false, 0).bytes();
    }

    /** Classic {@code GET} as text; the empty string for an empty queue (or an empty message). */
    public String getText() throws IOException {
        return new String(get(), StandardCharsets.UTF_8);
    }

    /** Classic {@code SIZE}: the number of visible messages. */
    public long size() throws IOException {
        Reply r = one(ascii("SIZE"), true, 0);
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
     */
    public List<byte[]> get(int max, Duration wait) throws IOException {
        String command = wait.isZero() ? "GET:" + max : "GET:" + max + ":" + wait.toMillis();
        List<Reply> replies = exchange(List.of(ascii(command)), false, wait.toMillis());
        List<byte[]> out = new ArrayList<>(replies.size());
        if (replies.size() == 1 && replies.get(0).isEmpty()) {
            return out;
        }
        for (Reply r : replies) {
            out.add(r.bytes());
        }
        return out;
    }

    /** {@code PUTID:<id>:<text>}: stored once however often it is repeated within the node's dedup window. */
    public int putWithId(String messageId, byte[] text) throws IOException {
        return parsePutReply(one(concat("PUTID:" + messageId + ":", text), true, 0));
    }

    /** {@code LEASE:<n>:<lease-ms>[:<wait-ms>]}: up to {@code max} messages, invisible to others until ACKed. */
    public List<Lease> lease(int max, Duration leaseTime, Duration wait) throws IOException {
        String command = "LEASE:" + max + ":" + leaseTime.toMillis() + (wait.isZero() ? "" : ":" + wait.toMillis());
        List<Reply> replies = exchange(List.of(ascii(command)), false, wait.toMillis());
        List<Lease> out = new ArrayList<>(replies.size());
        for (Reply r : replies) {
            if (r.isError()) {
                throw new MqException.ErrorReply(command, r);
            }
            if (!r.isEmpty()) {
                out.add(Lease.parse(r.bytes()));
            }
        }
        return out;
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
        Reply r = one(ascii("STATS"), true, 0);
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
        List<byte[]> texts = new ArrayList<>(commands.size());
        for (String c : commands) {
            texts.add(c.getBytes(StandardCharsets.UTF_8));
        }
        return exchange(texts, false, longPollOf(commands));
    }

    /** Sends raw bytes as one datagram, unframed, and returns the raw reply datagram (for tests and tools). */
    public byte[] sendRaw(byte[] datagram) throws IOException {
        discardStaleReplies();
        sendBuffer.clear();
        sendBuffer.put(datagram).flip();
        channel.write(sendBuffer);
        if (!awaitReply(options.timeout().toMillis())) {
            timeouts++;
            throw timeoutError("a raw datagram", 1);
        }
        byte[] out = new byte[receiveBuffer.remaining()];
        receiveBuffer.get(out);
        return out;
    }

    // ---- machinery ----

    private int countReply(String verb, long[] ids) throws IOException {
        if (ids.length == 0) {
            return 0;
        }
        StringBuilder sb = new StringBuilder(verb).append(':');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(ids[i]);
        }
        Reply r = one(ascii(sb.toString()), true, 0);
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

    private Reply one(byte[] command, boolean safeToRepeat, long longPollMillis) throws IOException {
        List<Reply> replies = exchange(List.of(command), safeToRepeat, longPollMillis);
        if (replies.size() != 1) {
            throw new MqException.BadReply("expected one reply frame, got " + replies.size());
        }
        Reply r = replies.get(0);
        if (r.isError()) {
            throw new MqException.ErrorReply(preview(command), r);
        }
        return r;
    }

    private List<Reply> exchange(List<byte[]> commands, boolean safeToRepeat, long longPollMillis) throws IOException {
        int attempts = safeToRepeat ? options.retries() + 1 : 1;
        encodeRequest(commands);
        for (int attempt = 1; ; attempt++) {
            discardStaleReplies();
            sendBuffer.rewind();
            try {
                channel.write(sendBuffer);
            } catch (PortUnreachableException e) {
                throw unreachable();
            }
            if (awaitReply(options.timeout().toMillis() + longPollMillis)) {
                List<Reply> replies = decodeReply();
                if (replies != null) {
                    return replies;
                }
                badReplies++;
            } else {
                timeouts++;
            }
            if (attempt >= attempts) {
                throw timeoutError(preview(commands.get(0)), attempt);
            }
            retries++;
        }
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

    private boolean awaitReply(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
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
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            selector.select(left);
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
            String[] parts = c.split(":");
            if (parts.length >= 3 && (parts[0].equals("GET") || parts[0].equals("LEASE"))) {
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
            channel.close();
        }
    }
}
