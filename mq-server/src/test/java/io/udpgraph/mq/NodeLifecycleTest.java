package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {

    @Test
    void portZeroBindsAFreePortThatAddressTells() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0))) {
            assertNotEquals(0, node.address().getPort());
            assertEquals("127.0.0.1", node.address().getAddress().getHostAddress());
        }
    }

    @Test
    void twoNodesInOneJvmKeepTheirOwnQueues() throws Exception {
        try (QueueNode a = QueueNode.start(QueueConfig.defaults().port(0).name("a"));
             QueueNode b = QueueNode.start(QueueConfig.defaults().port(0).name("b"));
             MqClient ca = MqClient.connect(a.address());
             MqClient cb = MqClient.connect(b.address())) {
            ca.put("for a");
            assertEquals(1, ca.size());
            assertEquals(0, cb.size());
        }
    }

    @Test
    void closeReleasesThePortForTheNextNode() throws Exception {
        InetSocketAddress at;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0))) {
            at = node.address();
        }
        try (QueueNode again = QueueNode.start(QueueConfig.defaults().port(at.getPort()));
             MqClient client = MqClient.connect(again.address())) {
            assertEquals(0, client.size());
        }
    }

    @Test
    void closeStopsTheNodeWithinASecond() throws Exception {
        QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(4));
        long t0 = System.nanoTime();
        node.close();
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "close took over a second");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().startsWith("mq-mq-") || !t.isAlive(), "left running: " + t.getName());
        }
    }

    @Test
    void aTakenPortIsRefusedWithAMessageThatSaysWhatToDo() throws Exception {
        try (DatagramChannel squatter = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) squatter.getLocalAddress()).getPort();
            IOException e = assertThrows(IOException.class,
                    () -> QueueNode.start(QueueConfig.defaults().port(port).threads(1)));
            assertTrue(e.getMessage().contains("choose another --port"), e.getMessage());
        }
    }

    @Test
    void aSecondNodeWithSeveralThreadsCannotShareAFirstNodesPort() throws Exception {
        try (QueueNode first = QueueNode.start(QueueConfig.defaults().port(0).threads(2))) {
            IOException e = assertThrows(IOException.class,
                    () -> QueueNode.start(QueueConfig.defaults().port(first.address().getPort()).threads(2)));
            assertTrue(e.getMessage().contains("choose another --port"), e.getMessage());
        }
    }

    @Test
    void everyThreadServesTheSameQueue() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).threads(4))) {
            for (int i = 0; i < 20; i++) { // new clients hash to the node's sockets differently
                try (MqClient c = MqClient.connect(node.address())) {
                    c.put("m" + i);
                }
            }
            assertEquals(20, node.size());
        }
    }

    @Test
    void configRefusesNonsenseWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.defaults().capacityMessages(0));
        assertTrue(e.getMessage().contains("capacityMessages"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.defaults().maxMessageBytes(70_000));
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.defaults().threads(0));
    }
}
