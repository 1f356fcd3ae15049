package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DedupTest {

    @Test
    void aRepeatedIdInsideTheWindowIsAcknowledgedButStoredOnce() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             MqClient client = MqClient.connect(node.address())) {
            assertEquals("PUT 5 bytes", Wire.one(client, "PUTID:src-7:hello"));
            assertEquals("PUT 5 bytes", Wire.one(client, "PUTID:src-7:hello"));
            assertEquals(1, client.size());
            assertEquals(1, client.stats().get("deduplicated"));
        }
    }

    @Test
    void theWindowForgetsIdsPastItsCount() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).dedupWindowMessages(2));
             MqClient client = MqClient.connect(node.address())) {
            client.putWithId("a", Wire.bytes("1"));
            client.putWithId("b", Wire.bytes("2"));
            client.putWithId("a", Wire.bytes("1"));
            assertEquals(2, client.size(), "a is still inside the last two ids");
            client.putWithId("c", Wire.bytes("3"));
            client.putWithId("a", Wire.bytes("1"));
            assertEquals(4, client.size(), "a left the window when c came");
        }
    }

    @Test
    void theWindowForgetsIdsPastItsTime() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).dedupWindowTime(Duration.ofMillis(500)));
             MqClient client = MqClient.connect(node.address())) {
            long t0 = System.nanoTime();
            client.putWithId("a", Wire.bytes("1"));
            client.putWithId("a", Wire.bytes("1"));
            Assumptions.assumeTrue(System.nanoTime() - t0 < 400_000_000L, "the machine stalled past the window");
            assertEquals(1, client.size());
            Thread.sleep(600);
            client.putWithId("a", Wire.bytes("1"));
            assertEquals(2, client.size());
        }
    }

    @Test
    void aRefusedPutDoesNotEnterTheWindow() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).capacityMessages(1));
             MqClient client = MqClient.connect(node.address())) {
            client.put("filler");
            assertTrue(Wire.one(client, "PUTID:x:1").startsWith("ERR full"));
            client.get();
            assertEquals("PUT 1 bytes", Wire.one(client, "PUTID:x:1"));
            assertEquals(1, client.size(), "the id was not remembered when its PUT was refused");
        }
    }

    @Test
    void idsThatAreNotOfTheFormAreUsageErrors() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             MqClient client = MqClient.connect(node.address())) {
            for (String bad : List.of("PUTID", "PUTID:noText", "PUTID::empty-id", "PUTID:has space:x",
                    "PUTID:" + "i".repeat(129) + ":x", "PUTID:é:x")) {
                String reply = Wire.one(client, bad);
                assertTrue(reply.startsWith("ERR usage"), bad + " -> " + reply);
            }
            assertEquals(0, client.size());
        }
    }

    @Test
    void theTextOfAPutidMayHoldColons() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             MqClient client = MqClient.connect(node.address())) {
            client.putWithId("id", Wire.bytes("a:b:c"));
            assertEquals("a:b:c", client.getText());
        }
    }
}
