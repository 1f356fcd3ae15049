package io.udpgraph.router;

import io.udpgraph.protocol.Command;
import io.udpgraph.protocol.FrameCursor;
import io.udpgraph.protocol.FrameException;
import io.udpgraph.protocol.Frames;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** A minimal classic queue node (PUT, GET, SIZE, ERR) for the router's tests. */
final class StandInQueue implements AutoCloseable {
    private final DatagramSocket socket;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Thread thread;

    private StandInQueue() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        thread = new Thread(this::run, "stand-in-queue");
        thread.setDaemon(true);
        thread.start();
    }

    static StandInQueue start() throws IOException {
        return new StandInQueue();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    synchronized long size() {
        return queue.size();
    }

    private void run() {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        FrameCursor cursor = new FrameCursor();
        while (!socket.isClosed()) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                byte[] reply = answer(cursor, ByteBuffer.wrap(buf, 0, p.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized byte[] answer(FrameCursor cursor, ByteBuffer datagram) {
        try {
            cursor.reset(datagram);
            cursor.next();
            if (cursor.hasNext()) {
                return Frames.encode("ERR usage one command per datagram here");
            }
            Command c = Command.parse(cursor.text());
            switch (c.verb()) {
                case PUT -> {
                    byte[] text = new byte[c.argument().remaining()];
                    c.argument().duplicate().get(text);
                    queue.addLast(text);
                    return Frames.encode("PUT " + text.length + " bytes");
                }
                case GET -> {
                    byte[] m = queue.pollFirst();
                    return m == null ? Frames.EMPTY_FRAME.clone() : Frames.encode(m);
                }
                case SIZE -> {
                    return Frames.encode(Integer.toString(queue.size()));
                }
                default -> {
                    return Frames.encode("ERR unknown verb '" + c.verbText() + "'");
                }
            }
        } catch (FrameException e) {
            return Frames.encode(("ERR malformed " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
