package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PEEK shows the message a GET would take next and changes nothing. */
class PeekTest {
    private QueueNode node;
    private MqClient client;

    @BeforeEach
    void start() throws Exception {
        node = QueueNode.start(QueueConfig.defaults().port(0));
        client = MqClient.connect(node.address());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        node.close();
    }

    @Test
    void peekShowsTheOldestMessageAndLeavesItInTheQueue() throws Exception {
        client.put("hello");
        client.put("world");
        assertEquals("hello", new String(client.peek(), StandardCharsets.UTF_8));
        assertEquals("hello", new String(client.peek(), StandardCharsets.UTF_8));
        assertEquals(2, client.size());
        assertEquals("hello", client.getText());
    }

    @Test
    void peekOnAnEmptyQueueIsTheEmptyFrame() throws Exception {
        assertEquals(0, client.peek().length);
    }

    @Test
    void peekShowsAMessageThatCameBackFirst() throws Exception {
        client.put("first");
        client.put("second");
        LeaseId id = client.lease(1, Duration.ofSeconds(30), Duration.ZERO).get(0).leaseId();
        assertEquals("second", new String(client.peek(), StandardCharsets.UTF_8));
        client.nack(id);
        assertEquals("first", new String(client.peek(), StandardCharsets.UTF_8));
    }

    @Test
    void peekWithAnArgumentIsAUsageError() throws Exception {
        List<Reply> r = client.send(List.of("PEEK:5"));
        assertEquals("ERR usage PEEK takes nothing: send PEEK alone", r.get(0).text());
    }
}
