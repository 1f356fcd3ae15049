package io.udpgraph.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP hop between one client and a node that sends every request datagram to the node twice, as a
 * duplicating network would; replies go back as they come (so the client sees each reply twice too).
 */
final class DuplicatingProxy implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final Selector selector;
    private final Thread thread;
    private volatile SocketAddress client;
    final AtomicLong duplicated = new AtomicLong();

    DuplicatingProxy(InetSocketAddress target) throws IOException {
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back.connect(target);
        front.configureBlocking(false);
        back.configureBlocking(false);
        selector = Selector.open();
        front.register(selector, SelectionKey.OP_READ);
        back.register(selector, SelectionKey.OP_READ);
        thread = new Thread(this::run, "duplicating-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (selector.isOpen()) {
                selector.select();
                selector.selectedKeys().clear();
                while (true) {
                    buf.clear();
                    SocketAddress from = front.receive(buf);
                    if (from == null) {
                        break;
                    }
                    client = from;
                    buf.flip();
                    back.write(buf.duplicate());
                    back.write(buf);
                    duplicated.incrementAndGet();
                }
                while (true) {
                    buf.clear();
                    int n;
                    try {
                        n = back.read(buf);
                    } catch (java.net.PortUnreachableException e) {
                        continue;
                    }
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    if (client != null) {
                        front.send(buf, client);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        front.close();
        back.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
