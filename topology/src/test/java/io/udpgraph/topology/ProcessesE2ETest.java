package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/topology run --processes}, as a user types it: every node a process started through its
 * script, the report read from {@code --json}, and every child gone when the run is over.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProcessesE2ETest {

    @TempDir
    Path tmp;

    @Test
    void pongRunsWithEveryNodeAsItsOwnProcessAndLeavesNoneBehind() throws Exception {
        Path json = tmp.resolve("report.json");
        Path log = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of("..", "scripts", "topology").toString(), "run",
                Runs.EXAMPLES.resolve("pong.yaml").toString(), "--processes", "--json", json.toString(), "--no-progress")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(200, TimeUnit.SECONDS), "the run ends by itself");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals("processes", report.get("mode").asText());
        assertEquals(500, report.get("delivered").asLong(), out);
        assertEquals(0, report.get("lost").asLong(), out);
        assertEquals(0, report.get("duplicated").asLong(), out);
        assertEquals(0, report.get("corrupted").asLong(), out);
        int queues = 0;
        for (JsonNode n : report.get("nodes")) {
            if (n.get("kind").asText().equals("worker")) {
                assertEquals(500, n.get("counters").get("in").asLong(), "counted by the worker process: " + n);
            } else {
                queues++;
                String[] hp = n.get("address").asText().split(":");
                // the node's process is gone, so its port can be bound again
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))) {
                    assertTrue(s.isBound());
                }
            }
        }
        assertEquals(3, queues);
    }
}
