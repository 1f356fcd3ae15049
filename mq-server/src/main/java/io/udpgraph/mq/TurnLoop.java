package io.udpgraph.mq;

import io.udpgraph.protocol.BusyPoll;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The receive loop of a node whose journal commits per turn (a durable log): each turn takes every datagram already
 * waiting on the socket (up to {@link #MAX_DATAGRAMS} or {@link #ARENA_BYTES} of replies), serves them, commits the
 * journal once, then sends all their replies, as Redis does per event-loop turn. Under {@code --fsync always} the
 * commit writes the turn's records and forces once for every client served in the turn ({@code pwrite … fdatasync …
 * sendto …}); under {@code interval} and {@code never} it writes the records the turn staged with one {@code pwrite}
 * ({@code pwrite sendto …}), so a killed process never loses what a reply confirmed. A turn of one datagram is
 * served as the blocking loop serves it; should the one commit of a longer turn fail, none of its replies is sent
 * (nothing in it is known written) and its clients time out and ask again, as after a crash.
 *
 * <p>Under {@code --busy-poll} the loop polls the socket for that long before it waits on the selector.
 *
 * <p>Thread contract: one thread per socket, with its own {@link RequestHandler}; the socket is switched to
 * non-blocking and waited on with a selector. An interrupt or a closed socket ends the loop.
 */
final class TurnLoop {
    /** Datagrams served under one commit at most, so a flood cannot delay the first reply of a turn without bound. */
    static final int MAX_DATAGRAMS = 64;
    private static final int ARENA_BYTES = 1 << 20;
    private static final int MAX_REPLY_BYTES = 65_536;

    private final DatagramChannel channel;
    private final RequestHandler handler;
    private final QueueStore store;
    private final OnceLog failures;
    private final AtomicBoolean closed;
    private final SourceGate gate;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_REPLY_BYTES);
    /** The second datagram of a turn, received before the first is served to learn whether a turn has company. */
    private final ByteBuffer spare = ByteBuffer.allocateDirect(MAX_REPLY_BYTES);
    /** The turn's replies, back to back; {@code ends[i]} is where reply i ends. */
    private final ByteBuffer arena = ByteBuffer.allocateDirect(ARENA_BYTES);
    /** A view of the arena that sends one reply at a time, so sending allocates nothing. */
    private final ByteBuffer outgoing = arena.duplicate();
    private final int[] ends = new int[MAX_DATAGRAMS];
    private final SocketAddress[] clients = new SocketAddress[MAX_DATAGRAMS];
    private int replies;
    private final BusyPoll busyPoll;
    /** The next datagram into {@link #in}, kept as an object so a busy poll allocates nothing. */
    private final BusyPoll.Receive<SocketAddress> receiveIn = () -> receive(in);

    TurnLoop(DatagramChannel channel, RequestHandler handler, QueueStore store, OnceLog failures, AtomicBoolean closed,
             SourceGate gate, BusyPoll busyPoll) {
        this.gate = gate;
        this.busyPoll = busyPoll;
        this.channel = channel;
        this.handler = handler;
        this.store = store;
        this.failures = failures;
        this.closed = closed;
    }

    void run() {
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            while (!closed.get()) {
                SocketAddress first = receive(in);
                if (first == null) {
                    first = busyPoll.poll(receiveIn);
                }
                if (first == null) {
                    selector.select();
                    selector.selectedKeys().clear();
                    continue;
                }
                SocketAddress second = receive(spare);
                if (second == null) {
                    serveAlone(first);
                    continue;
                }
                handler.deferCommits(true);
                try {
                    serve(first, in);
                    serve(second, spare);
                    for (SocketAddress next; replies < MAX_DATAGRAMS && arena.remaining() >= MAX_REPLY_BYTES
                            && (next = receive(in)) != null; ) {
                        serve(next, in);
                    }
                } finally {
                    handler.deferCommits(false);
                }
                endTurn();
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // The node closed its socket (an interrupt closes it too): the loop ends.
        } catch (IOException e) {
            if (!closed.get()) {
                failures.warn("receive-turn", "the receive loop stopped: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The next waiting datagram that the source gate admits, in {@code buf} (flipped), or null when none waits; a
     * datagram from a source that is not allowed, or over its reply budget, is dropped here, unserved.
     */
    private SocketAddress receive(ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            SocketAddress client = channel.receive(buf);
            buf.flip();
            if (client == null || gate.admits(client)) {
                return client;
            }
        }
    }

    /**
     * A turn of one datagram: the handler commits itself, as it does for a blocking loop, so a failed force
     * still answers each PUT of it with {@code ERR internal} rather than with silence.
     */
    private void serveAlone(SocketAddress client) throws ClosedChannelException {
        try {
            if (handler.handle(in, client, channel)) {
                ByteBuffer reply = handler.reply().flip();
                gate.charge(client, reply.remaining());
                send(reply, client);
            }
        } catch (RuntimeException e) {
            failures.warn("handler-" + e.getClass().getSimpleName(), "a datagram could not be served: " + e, e);
        }
    }

    private void serve(SocketAddress client, ByteBuffer datagram) {
        boolean answer;
        try {
            answer = handler.handle(datagram, client, channel);
        } catch (RuntimeException e) {
            // The handler answers each command's failure itself; this is a bug outside them. Keep the thread.
            failures.warn("handler-" + e.getClass().getSimpleName(), "a datagram could not be served: " + e, e);
            return;
        }
        if (answer) {
            ByteBuffer reply = handler.reply().flip();
            // Charged now, not when the turn's replies leave: the next datagram of the turn is admitted against it.
            gate.charge(client, reply.remaining());
            arena.put(reply);
            clients[replies] = client;
            ends[replies++] = arena.position();
        }
    }

    /** Commits what the turn wrote, once, then sends its replies; a failed commit sends none of them. */
    private void endTurn() throws ClosedChannelException {
        if (replies == 0) {
            return;
        }
        try {
            store.commit();
        } catch (IOException | RuntimeException e) {
            // Nothing of the turn is known durable: no reply may say it is. The clients time out and ask again,
            // as after a crash.
            failures.warn("journal-turn", "the journal could not commit a turn of " + replies + " requests ("
                    + e.getMessage() + "); their replies were not sent", e);
            clear();
            return;
        }
        int start = 0;
        for (int i = 0; i < replies; i++) {
            send(outgoing.limit(ends[i]).position(start), clients[i]);
            start = ends[i];
        }
        clear();
    }

    private void clear() {
        arena.clear();
        java.util.Arrays.fill(clients, 0, replies, null);
        replies = 0;
    }

    private void send(ByteBuffer reply, SocketAddress client) throws ClosedChannelException {
        try {
            if (channel.send(reply, client) == 0) {
                failures.warn("send-full", "the socket's send buffer was full; a reply to " + client + " was dropped", null);
            }
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            failures.warn("send", "cannot answer " + client + ": " + e.getMessage(), e);
        }
    }
}
