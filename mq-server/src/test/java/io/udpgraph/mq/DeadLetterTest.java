package io.udpgraph.mq;

import static io.udpgraph.mq.LeaseTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void aMessageIsForwardedToTheDeadLetterNodeAfterMaxDeliveries() throws Exception {
        try (QueueNode dlq = QueueNode.start(QueueConfig.defaults().port(0).name("dlq"));
             QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(2)
                     .deadLetter(HostPort.of(dlq.address())));
             MqClient client = MqClient.connect(node.address());
             MqClient dlqClient = MqClient.connect(dlq.address())) {
            client.putWithId("poison-1", Wire.bytes("poison"));
            client.put("poison without id");
            for (int delivery = 1; delivery <= 2; delivery++) {
                for (Lease l : client.lease(2, Duration.ofMillis(50), Duration.ZERO)) {
                    assertEquals(delivery, l.deliveries());
                }
                int expectedVisible = delivery < 2 ? 2 : 0;
                await(() -> node.size() == expectedVisible && node.stats().leased() == 0);
            }
            await(() -> dlq.size() == 2);
            assertEquals(0, node.stored());
            assertEquals(2, client.stats().get("dead-lettered"));
            Lease forwarded = dlqClient.lease(2, Duration.ofSeconds(5), Duration.ZERO).get(0);
            assertEquals("poison-1", forwarded.messageId(), "a message with an id goes on with PUTID");
            assertEquals("poison", forwarded.text());
        }
    }

    @Test
    void aNackedLeaseCountsTowardsMaxDeliveries() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(1));
             MqClient client = MqClient.connect(node.address())) {
            client.put("once");
            Lease l = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0);
            assertEquals(1, client.nack(l.leaseId()));
            assertEquals(0, client.size());
            assertEquals(1, node.stats().deadLettered());
        }
    }

    @Test
    void withoutADeadLetterNodeTheMessageIsDroppedAndCounted() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(1));
             MqClient client = MqClient.connect(node.address())) {
            client.put("poison");
            client.lease(1, Duration.ofMillis(30), Duration.ZERO);
            await(() -> node.stats().deadLettered() == 1);
            assertEquals(0, node.stored());
            assertEquals(1.0, node.config().registry().get("mq.dead.lettered").functionCounter().count());
        }
    }

    @Test
    void aMessageBelowMaxDeliveriesComesBack() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(3));
             MqClient client = MqClient.connect(node.address())) {
            client.put("retry me");
            client.lease(1, Duration.ofMillis(30), Duration.ZERO);
            await(() -> node.size() == 1);
            assertEquals(0, node.stats().deadLettered());
        }
    }
}
