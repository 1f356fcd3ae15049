package io.udpgraph.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A scripted UDP peer on 127.0.0.1: answers each request datagram with what the script returns (null: silence). */
final class FakeNode implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread thread;
    final AtomicInteger requests = new AtomicInteger();

    FakeNode(Function<byte[], List<byte[]>> script) throws IOException {
        this((request, from) -> script.apply(request));
    }

    /** A peer whose script also sees who sent the request (and may use {@link #sendTo} to answer elsewhere). */
    FakeNode(BiFunction<byte[], InetSocketAddress, List<byte[]>> script) throws IOException {
        channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(() -> serve(script), "fake-node");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends a datagram from the node's port, as a late reply would come. */
    void sendTo(byte[] datagram, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(BiFunction<byte[], InetSocketAddress, List<byte[]>> script) {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        try {
            while (true) {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                byte[] request = new byte[buf.remaining()];
                buf.get(request);
                requests.incrementAndGet();
                List<byte[]> replies = script.apply(request, (InetSocketAddress) from);
                if (replies != null) {
                    for (byte[] r : replies) {
                        channel.send(ByteBuffer.wrap(r), from);
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed by the test
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void close() throws Exception {
        channel.close();
        thread.join(1000);
    }
}
