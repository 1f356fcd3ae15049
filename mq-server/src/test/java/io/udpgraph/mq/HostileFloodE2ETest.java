package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.HostPort;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real scripts under hostile traffic: a node either keeps serving in bounded memory or exits non-zero. */
class HostileFloodE2ETest {
    private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xmx64m");

    /** Resident memory of a process in MB, from /proc; -1 where there is no /proc. */
    private static long rssMb(long pid) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    @Test
    void aLongPollFloodFromManyPortsLeavesTheNodeServingInBoundedMemory() throws Exception {
        try (Scripts.Server server = Scripts.Server.start(SMALL_HEAP)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 199; i++) {
                batch.append("10");
            }
            byte[] poll = Wire.bytes(batch + new String(Frames.encode("GET:1:60000"), "UTF-8"));
            byte[] put = Frames.encode("PUT:x");
            List<DatagramSocket> ports = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    ports.add(new DatagramSocket());
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                long sent = 0;
                while (System.nanoTime() < end) {
                    DatagramSocket s = ports.get((int) (sent % ports.size()));
                    s.send(new DatagramPacket(poll, poll.length, at));
                    s.send(new DatagramPacket(put, put.length, at));
                    sent++;
                    if (sent % 64 == 0) {
                        Thread.sleep(1); // a flood, but one the loopback buffers can carry
                    }
                }
                System.out.println("long-poll flood: " + sent + " pairs, node RSS " + rssMb(server.process.pid())
                        + " MB");
            } finally {
                ports.forEach(DatagramSocket::close);
            }
            assertTrue(server.process.isAlive(), "the node stays up:\n" + server.logText());
            try (MqClient client = MqClient.connect(HostPort.parse(server.address()),
                    MqClient.Options.defaults().timeout(Duration.ofSeconds(2)))) {
                assertTrue(client.size() >= 0, "and answers");
            }
            long rss = rssMb(server.process.pid());
            assertTrue(rss < 400, "RSS " + rss + " MB");
            assertEquals(0, server.stop());
        }
    }

    @Test
    void runningOutOfMemoryStopsTheNodeWithANonZeroExit() throws Exception {
        try (Scripts.Server server = Scripts.Server.start(Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xmx24m"));
             MqClient client = MqClient.connect(HostPort.parse(server.address()),
                     MqClient.Options.defaults().timeout(Duration.ofMillis(500)).retries(0))) {
            String body = "m".repeat(60_000);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (server.process.isAlive() && System.nanoTime() < end) {
                try {
                    client.put(body);
                } catch (Exception e) {
                    // a node that is dying answers nothing; the loop ends when it is gone
                }
            }
            assertTrue(server.process.waitFor(10, TimeUnit.SECONDS), "a node out of memory must exit, not stay up"
                    + " deaf:\n" + server.logText());
            assertNotEquals(0, server.process.exitValue());
            // The JVM names the error on stdout as it exits (-XX:+ExitOnOutOfMemoryError, set by scripts/lib/launch.sh).
            String stdout = new String(server.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(stdout.contains("OutOfMemoryError") || server.logText().contains("OutOfMemoryError"),
                    stdout + server.logText());
        }
    }
}
