package io.udpgraph.worker;

import io.udpgraph.protocol.FrameCursor;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue node that speaks only what stream-py's original did, for compatibility tests: it reads the
 * first frame of each datagram and ignores the rest, treats {@code GET:<anything>} as GET, and does not
 * answer verbs it does not know. One thread; port 0 on 127.0.0.1.
 */
final class ClassicNode implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    final AtomicLong datagrams = new AtomicLong();
    final AtomicLong ignoredTrailingFrames = new AtomicLong();

    private ClassicNode() throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "classic-node");
        thread.setDaemon(true);
        thread.start();
    }

    static ClassicNode start() throws IOException {
        return new ClassicNode();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized void put(String text) {
        queue.add(text.getBytes(StandardCharsets.UTF_8));
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(Frames.MAX_DATAGRAM_BYTES + 1);
        FrameCursor cursor = new FrameCursor();
        while (true) {
            SocketAddress from;
            in.clear();
            try {
                from = channel.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            in.flip();
            datagrams.incrementAndGet();
            byte[] text;
            try {
                cursor.reset(in);
                cursor.next();
                text = new byte[cursor.textLength()];
                cursor.buffer().get(cursor.textStart(), text);
                if (cursor.hasNext()) {
                    ignoredTrailingFrames.incrementAndGet();
                }
            } catch (FrameException e) {
                continue;
            }
            String s = new String(text, StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            String verb = colon < 0 ? s : s.substring(0, colon);
            byte[] reply;
            synchronized (this) {
                switch (verb) {
                    case "PUT" -> {
                        byte[] body = colon < 0 ? new byte[0]
                                : s.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
                        queue.add(body);
                        reply = ("PUT " + body.length + " bytes").getBytes(StandardCharsets.UTF_8);
                    }
                    case "GET" -> {
                        byte[] m = queue.poll();
                        reply = m == null ? new byte[0] : m;
                    }
                    case "SIZE" -> reply = Integer.toString(queue.size()).getBytes(StandardCharsets.UTF_8);
                    default -> reply = null;
                }
            }
            if (reply != null) {
                try {
                    channel.send(ByteBuffer.wrap(Frames.encode(reply)), from);
                } catch (IOException e) {
                    // the client went away; a UDP node does not care
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
