package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Integrity;
import io.udpgraph.protocol.MqClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of datagrams of well-framed but arbitrary commands (every verb, odd arguments, checksums right and
 * wrong, batches) against a durable node: each gets one reply per command, none is an internal error, and a
 * restart gives back exactly the messages the node held.
 */
@Timeout(60)
class ProtocolFuzzTest {
    private static final String[] VERBS = {"PUT", "PUTID", "GET", "SIZE", "LEASE", "ACK", "NACK", "STATS", "put", "",
            "LEASES", "GETX", "~"};
    private static final LogConfig LOG = LogConfig.defaults().fsync(FsyncPolicy.NEVER).segmentBytes(4096)
            .compactionInterval(Duration.ofMillis(50));

    @TempDir
    Path dir;

    private final Random random = new Random(6);

    @Test
    void arbitraryCommandsNeverFailInsideTheNodeAndARestartKeepsWhatItHeld() throws Exception {
        long held;
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(3)
                .capacityMessages(500).journal(LogJournal.open(dir, LOG)));
             MqClient client = MqClient.connect(node.address(), MqClient.Options.defaults().timeout(Duration.ofSeconds(5)))) {
            for (int i = 0; i < 3000; i++) {
                int commands = 1 + (random.nextInt(4) == 0 ? random.nextInt(6) : 0);
                ByteArrayOutputStream datagram = new ByteArrayOutputStream();
                String last = "";
                for (int c = 0; c < commands; c++) {
                    last = command();
                    datagram.writeBytes(Frames.encode(last));
                }
                List<String> replies = Frames.decodeAllText(client.sendRaw(datagram.toByteArray()));
                if (last.contains("GET:") || last.contains("LEASE:")) {
                    assertTrue(replies.size() >= commands, "a reply per command, several for the last: " + replies);
                } else {
                    assertEquals(commands, replies.size(), "one reply per command: " + replies);
                }
                for (String r : replies) {
                    assertFalse(r.contains("ERR internal"), r);
                }
            }
            assertEquals(0, (long) node.config().registry().get("mq.errors").tag("reason", ErrorReason.INTERNAL.word())
                    .counter().count());
            held = node.stored();
            assertTrue(held > 0 && node.stats().deduplicated() > 0 && node.stats().leased() + node.size() == held,
                    "the fuzz reached the interesting states: " + node.stats());
        }
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0).maxDeliveries(3).capacityMessages(500)
                .journal(LogJournal.open(dir, LOG)));
             MqClient client = MqClient.connect(node.address())) {
            assertEquals(held, node.recovered());
            assertEquals(held, client.size(), "every message held, leased ones visible again");
        }
    }

    private String command() {
        String verb = VERBS[random.nextInt(VERBS.length)];
        String text = switch (verb) {
            case "PUT" -> random.nextBoolean() ? "PUT" : "PUT:" + body();
            case "PUTID" -> "PUTID" + (random.nextInt(8) == 0 ? "" : ":" + id()) + (random.nextInt(8) == 0 ? "" : ":" + body());
            case "GET" -> "GET" + pick("", ":" + number(), ":" + number() + ":" + random.nextInt(20), ":" + word(), ":");
            case "LEASE" -> "LEASE" + pick("", ":" + number(), ":" + number() + ":" + number(),
                    ":" + number() + ":" + number() + ":" + random.nextInt(20), ":" + word());
            case "ACK", "NACK" -> verb + pick("", ":", ":" + numbers(), ":" + numbers() + "," + word(), ":,");
            default -> verb + pick("", ":" + word(), ":" + body());
        };
        return switch (random.nextInt(10)) {
            case 0 -> Integrity.wrap(text);
            case 1 -> "~" + "0123abcd".substring(random.nextInt(8)) + "~" + text;
            default -> text;
        };
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String number() {
        return switch (random.nextInt(8)) {
            case 0 -> "0";
            case 1 -> "-1";
            case 2 -> "99999999999999999999";
            case 3 -> String.valueOf(random.nextInt(2_000));
            case 4 -> "1" + "0".repeat(random.nextInt(20));
            default -> String.valueOf(1 + random.nextInt(50));
        };
    }

    private String numbers() {
        List<String> ids = new ArrayList<>();
        for (int k = 0, n = 1 + random.nextInt(5); k < n; k++) {
            ids.add(random.nextInt(4) == 0 ? number() : String.valueOf(1 + random.nextInt(3_000)));
        }
        return String.join(",", ids);
    }

    private String id() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "x".repeat(129);
            case 2 -> "id with space";
            default -> "id-" + random.nextInt(300);
        };
    }

    private String word() {
        byte[] b = new byte[random.nextInt(12)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x20 + random.nextInt(0x5f));
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private String body() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "𝐇𝐞𝐥𝐥𝐨 " + word();
            case 2 -> "x".repeat(random.nextInt(3_000));
            default -> word();
        };
    }
}
