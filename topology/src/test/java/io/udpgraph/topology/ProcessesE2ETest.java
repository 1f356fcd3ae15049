package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/topology run --processes}, as a user types it: every node a process started through its
 * script, the report read from {@code --json}, and every child gone when the run is over.
 */
// a separate thread, so that a read from a child that never writes still ends at the timeout
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessesE2ETest {

    @TempDir
    Path tmp;

    @Test
    void pongRunsWithEveryNodeAsItsOwnProcessAndLeavesNoneBehind() throws Exception {
        Runs.Result run = Runs.runProcesses(tmp, Runs.EXAMPLES.resolve("pong.yaml"), 200);
        String out = run.out();
        JsonNode report = run.report();
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

    @Test
    void upKeepsTheGraphRunningUntilSigtermAndPrintsWhereToFeedAndRead() throws Exception {
        Process p = new ProcessBuilder(Path.of("..", "scripts", "topology").toString(), "up",
                Runs.EXAMPLES.resolve("pipeline.yaml").toString(), "--control-port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String feed = null;
            String read = null;
            StringBuilder seen = new StringBuilder();
            while (read == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                seen.append(line).append('\n');
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("scripts/mq (put|get) (\\S+)").matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("put")) {
                        feed = m.group(2);
                    } else {
                        read = m.group(2);
                    }
                }
            }
            assertTrue(seen.toString().contains("worker  reverse"), seen.toString());
            assertTrue(feed != null && read != null, seen.toString());
            try (io.udpgraph.protocol.MqClient in = io.udpgraph.protocol.MqClient.connect(
                    io.udpgraph.protocol.HostPort.parse(feed), io.udpgraph.protocol.MqClient.Options.defaults());
                 io.udpgraph.protocol.MqClient results = io.udpgraph.protocol.MqClient.connect(
                    io.udpgraph.protocol.HostPort.parse(read), io.udpgraph.protocol.MqClient.Options.defaults())) {
                in.put("hello");
                String got = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    java.util.List<byte[]> m = results.get(1, java.time.Duration.ofMillis(200));
                    got = m.isEmpty() ? "" : new String(m.get(0), StandardCharsets.UTF_8);
                }
                assertEquals("OLLEH", got, "upper, then reverse, then passthrough");
            }
            p.destroy(); // SIGTERM, as Ctrl-C would
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "up stops on SIGTERM");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void partitionAndCrashHoldsEffectivelyOnceWithEveryNodeAProcess() throws Exception {
        Runs.Result run = Runs.runProcesses(tmp, Runs.EXAMPLES.resolve("partition-and-crash.yaml"), 200);
        String out = run.out();
        JsonNode report = run.report();
        assertEquals(2000, report.get("delivered").asLong(), out);
        assertEquals(0, report.get("lost").asLong() + report.get("duplicated").asLong()
                + report.get("corrupted").asLong(), out);
        StringBuilder marks = new StringBuilder();
        for (JsonNode m : report.get("explained").get("marks")) {
            marks.append(m.get("label").asText()).append('\n');
        }
        assertEquals("partition r-mid for 2s = fault #1\nkill upper#2\nheal r-mid (undoes step 1) = removed [#1]\n"
                + "kill mid\nrestart mid\n", marks.toString(), out);
    }
}
