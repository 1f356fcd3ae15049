package io.udpgraph.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A UDP proxy in front of a queue node that drops the first {@code n} replies: a lost reply, on purpose. */
final class ReplyDroppingProxy implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final AtomicInteger toDrop;
    private final Thread up;
    private final Thread down;
    private volatile SocketAddress client;

    ReplyDroppingProxy(InetSocketAddress node, int drop) throws IOException {
        this.toDrop = new AtomicInteger(drop);
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(node);
        this.up = new Thread(() -> pump(true), "proxy-up");
        this.down = new Thread(() -> pump(false), "proxy-down");
        up.start();
        down.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    private void pump(boolean upwards) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try {
            while (true) {
                buf.clear();
                if (upwards) {
                    client = front.receive(buf);
                    back.write(buf.flip());
                } else {
                    back.read(buf);
                    if (toDrop.getAndDecrement() <= 0) {
                        front.send(buf.flip(), client);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        front.close();
        back.close();
    }
}
