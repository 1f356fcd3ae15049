package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import org.junit.jupiter.api.Test;

class CapacityTest {

    @Test
    void putOnAQueueFullOfMessagesGetsErrFullAndStoresNothing() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityMessages(3));
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            client.put("b");
            client.put("c");
            String reply = Wire.one(client, "PUT:d");
            assertTrue(reply.startsWith("ERR full the queue holds its capacity of 3 messages"), reply);
            assertEquals(3, client.size());
            assertEquals("a", client.getText());
            assertEquals("PUT 1 bytes", Wire.one(client, "PUT:d"));
            assertEquals(3, client.size());
        }
    }

    @Test
    void putPastTheByteCapacityGetsErrFullAndStoresNothing() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityBytes(10));
             MqClient client = MqClient.connect(node.address())) {
            client.put("12345678");
            String reply = Wire.one(client, "PUT:123");
            assertTrue(reply.startsWith("ERR full a 3-byte message passes the capacity of 10 bytes"), reply);
            assertEquals(1, client.size());
            assertEquals("PUT 2 bytes", Wire.one(client, "PUT:12"));
            assertEquals(2, client.size());
            assertEquals(10, node.stats().bytes());
        }
    }

    @Test
    void errFullIsCounted() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityMessages(1));
             MqClient client = MqClient.connect(node.address())) {
            client.put("a");
            Wire.one(client, "PUT:b");
            Wire.one(client, "PUT:c");
            assertEquals(2.0, node.config().registry().get("mq.errors").tag("reason", "full").counter().count());
        }
    }
}
