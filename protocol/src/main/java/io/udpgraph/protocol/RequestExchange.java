package io.udpgraph.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The retry loop of an {@link MqClient}: sends the request written with {@link #request()} and waits for the
 * reply that answers it, dropping replies that cannot (late, repeated, garbled) and repeating the request when that
 * is safe. The accepted reply stays readable in {@link #reply()} until the next request. Not thread-safe.
 */
final class RequestExchange implements AutoCloseable {
    private final InetSocketAddress server;
    private final MqClient.Options options;
    private final ClientPorts ports;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(ProtocolLimits.MAX_DATAGRAM_BYTES);
    private final RequestWriter writer = new RequestWriter(sendBuffer);
    private final ReplyReader reply = new ReplyReader();
    private long retries;
    private long timeouts;
    private long badReplies;
    private long staleReplies;
    /** The request sent: its attempts so far, its long-poll wait and when its current attempt times out. */
    private int attempt;
    private long longPollMillis;
    private long deadline;

    RequestExchange(InetSocketAddress server, MqClient.Options options) throws IOException {
        this.server = server;
        this.options = options;
        this.ports = new ClientPorts(server, options.freshPortPerRequest(), options.busyPoll());
    }

    /** The writer, on an empty request, wrapping in checksums when the client does. */
    RequestWriter request() {
        sendBuffer.clear();
        return writer.wrap(sendBuffer).checksums(options.checksums());
    }

    /** The reply the last exchange accepted. */
    ReplyReader reply() {
        return reply;
    }

    ClientPorts ports() {
        return ports;
    }

    long retries() {
        return retries;
    }

    long timeouts() {
        return timeouts;
    }

    long badReplies() {
        return badReplies;
    }

    long staleReplies() {
        return staleReplies;
    }

    /** One command, one reply frame that {@code accept} takes for its answer; an error frame is thrown. */
    void one(boolean safeToRepeat, Predicate<ReplyReader> accept) throws IOException {
        exchange(safeToRepeat, 0, r -> r.frames() == 1 && accept.test(r));
        if (reply.isError(0)) {
            throw new MqException.ErrorReply(lastCommand(), reply.reply(0));
        }
    }

    /**
     * Sends the request written since {@link #request()} and reads into {@link #reply()} the first reply that
     * {@code accept} takes for its answer, waiting the timeout plus {@code longPollMillis}. A reply that fails the
     * check is dropped and the wait goes on; a garbled one ends the attempt. Repeats up to the client's retries
     * when {@code safeToRepeat}.
     */
    void exchange(boolean safeToRepeat, long longPollMillis, Predicate<ReplyReader> accept) throws IOException {
        send(longPollMillis);
        await(safeToRepeat, accept);
    }

    /**
     * The first half of {@link #exchange}: sends the request written since {@link #request()} and returns at once.
     * The reply accepted last stays readable in {@link #reply()} until {@link #await} reads the next.
     */
    void send(long longPollMillis) throws IOException {
        sendBuffer.flip();
        this.longPollMillis = longPollMillis;
        attempt = 0;
        sendAttempt();
    }

    private void sendAttempt() throws IOException {
        attempt++;
        ports.beforeRequest();
        sendBuffer.rewind();
        ports.send(sendBuffer);
        ports.prepareSpare();
        deadline = deadlineAfter(options.timeout().toMillis() + longPollMillis);
    }

    /** The second half of {@link #exchange}: waits for the reply to the request {@link #send} sent. */
    void await(boolean safeToRepeat, Predicate<ReplyReader> accept) throws IOException {
        int attempts = safeToRepeat ? options.retries() + 1 : 1;
        while (true) {
            boolean answered = false;
            while (ports.await(deadline)) {
                if (!reply.reset(ports.received(), options.checksums())) {
                    badReplies++;
                    answered = true;
                    break;
                }
                if (accept.test(reply)) {
                    return;
                }
                staleReplies++;
            }
            if (!answered) {
                timeouts++;
            }
            if (attempt >= attempts) {
                throw timeoutError(lastCommand(), attempt);
            }
            retries++;
            sendAttempt();
        }
    }

    /**
     * The longest wait a GET or LEASE of the request written asks for: as the writer noted it, or, for a request
     * with raw command texts, read back from the request.
     */
    long longestWaitMs() {
        long noted = writer.longestWaitMs();
        return noted >= 0 ? noted : RequestReader.longestWaitMs(sendBuffer.duplicate().flip());
    }

    /** Sends bytes as they are and returns the raw reply datagram; never retried. */
    byte[] sendRaw(byte[] datagram) throws IOException {
        long deadline = deadlineAfter(options.timeout().toMillis());
        if (datagram.length == 0) {
            byte[] out = ports.sendEmpty(deadline);
            if (out == null) {
                timeouts++;
                throw timeoutError("an empty datagram", 1);
            }
            return out;
        }
        ports.beforeRequest();
        sendBuffer.clear();
        sendBuffer.put(datagram).flip();
        ports.send(sendBuffer);
        if (!ports.await(deadline)) {
            timeouts++;
            throw timeoutError("a raw datagram", 1);
        }
        ByteBuffer in = ports.received();
        byte[] out = new byte[in.remaining()];
        in.get(out);
        return out;
    }

    /** The last command of the request sent, without its checksum, cut to 40 characters (for messages). */
    String lastCommand() {
        RequestReader r = new RequestReader().reset(sendBuffer.duplicate().rewind());
        String s = "a request";
        while (r.hasNext()) {
            s = r.next().text();
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static long deadlineAfter(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private MqException.Timeout timeoutError(String what, int attempts) {
        return new MqException.Timeout("no reply (a router or the network may have dropped it) from "
                + HostPort.of(server) + " to " + what + " within " + options.timeout().toMillis() + " ms (" + attempts
                + (attempts == 1 ? " attempt" : " attempts") + "); if none ever comes, is a queue node running there?");
    }

    @Override
    public void close() throws IOException {
        ports.close();
    }
}
