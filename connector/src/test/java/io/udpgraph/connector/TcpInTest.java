package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** tcp-in against a real queue node on loopback. */
class TcpInTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void everyConnectionsMessagesAreStoredInTheirOrder() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, node.address(), Framing.U32))) {
            List<Thread> feeds = new ArrayList<>();
            for (String c : List.of("a", "b", "c")) {
                Thread t = new Thread(() -> {
                    try {
                        Feeds.send(in.address(), Feeds.u32(Feeds.numbered(c, 3000)));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                t.start();
                feeds.add(t);
            }
            for (Thread t : feeds) {
                t.join();
            }
            List<String> got = Feeds.drain(node.address(), 9000);
            assertEquals(9000, got.size());
            for (String c : List.of("a", "b", "c")) {
                assertEquals(Feeds.numbered(c, 3000), got.stream().filter(m -> m.startsWith(c + "-")).toList());
            }
        }
    }

    @Test
    void aFullQueueStallsTheSenderAndNothingIsLostAfterItDrains() throws Exception {
        int n = 2000;
        String pad = "p".repeat(1000);
        List<String> messages = Feeds.numbered(pad, n);
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityMessages(100));
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, node.address(), Framing.U32).maxMessageBytes(2000).bufferBytes(16_384))) {
            AtomicLong written = new AtomicLong();
            byte[] stream = Feeds.u32(messages);
            Thread sender = new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.setSendBufferSize(1 << 16);
                    s.setTcpNoDelay(true);
                    s.connect(in.address());
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < stream.length; i += 1024) {
                        out.write(stream, i, Math.min(1024, stream.length - i));
                        written.addAndGet(Math.min(1024, stream.length - i));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            sender.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((node.size() < 100 || in.backoffs() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(100, node.size(), "the queue filled up");
            long before;
            do {
                before = written.get();
                Thread.sleep(300);
            } while (written.get() != before && System.nanoTime() < deadline);
            assertEquals(before, written.get(), "the sender is held by TCP while the queue is full");
            assertTrue(before < stream.length, "the sender could not write everything");
            assertEquals(100, node.size(), "nothing more was stored meanwhile");
            List<String> got = Feeds.drain(node.address(), n);
            sender.join(10_000);
            assertEquals(messages, got, "everything arrives once the queue drains, in order");
        }
    }

    @Test
    void aMalformedFrameClosesOnlyItsConnection() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, node.address(), Framing.U32).maxMessageBytes(1000))) {
            try (Socket bad = new Socket(in.address().getAddress(), in.address().getPort())) {
                bad.getOutputStream().write(Feeds.u32(List.of("good-1", "good-2")));
                bad.getOutputStream().write(new byte[] {0, 0, 0x10, 0});   // 4096 bytes, over the limit
                bad.getOutputStream().flush();
                bad.setSoTimeout(5000);
                InputStream i = bad.getInputStream();
                assertEquals(-1, i.read(), "tcp-in closes the connection");
            }
            Feeds.send(in.address(), Feeds.u32(Feeds.numbered("other", 100)));
            List<String> got = Feeds.drain(node.address(), 102);
            List<String> expected = new ArrayList<>(List.of("good-1", "good-2"));
            expected.addAll(Feeds.numbered("other", 100));
            assertEquals(expected, got);
            assertEquals(1, in.errors());
        }
    }

    @Test
    void effectivelyOnceStoresEveryMessageOnceInOrder() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, node.address(), Framing.LINE)
                     .guarantee(Guarantee.EFFECTIVELY_ONCE))) {
            Feeds.send(in.address(), String.join("\n", Feeds.numbered("line", 2000)).concat("\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(Feeds.numbered("line", 2000), Feeds.drain(node.address(), 2000));
        }
    }

    @Test
    void effectivelyOnceStoresABatchSentAgainAfterALostReplyOnce() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             ReplyDroppingProxy lossy = new ReplyDroppingProxy(node.address(), 1);
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, lossy.address(), Framing.U32)
                     .guarantee(Guarantee.EFFECTIVELY_ONCE).timeout(Duration.ofMillis(200)))) {
            Feeds.send(in.address(), Feeds.u32(Feeds.numbered("once", 50)));
            assertEquals(Feeds.numbered("once", 50), Feeds.drain(node.address(), 50));
            Thread.sleep(300);
            assertEquals(0, node.size(), "nothing was stored twice");
        }
    }

    @Test
    void atLeastOnceStoresABatchSentAgainAfterALostReplyTwice() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             ReplyDroppingProxy lossy = new ReplyDroppingProxy(node.address(), 1);
             TcpIn in = TcpIn.start(TcpInConfig.of(ANY, lossy.address(), Framing.U32)
                     .timeout(Duration.ofMillis(200)))) {
            Feeds.send(in.address(), Feeds.u32(Feeds.numbered("twice", 50)));
            List<String> got = Feeds.drain(node.address(), 100);
            assertTrue(got.size() > 50, "the batch whose reply was lost was stored again: " + got.size());
            assertEquals(Feeds.numbered("twice", 50), List.copyOf(new java.util.LinkedHashSet<>(got)));
        }
    }
}
