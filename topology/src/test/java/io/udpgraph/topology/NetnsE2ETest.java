package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/topology run examples/effectively-once-hosts.yaml --netns} as root: three hosts in three network
 * namespaces, the feeder and sinks in a fourth, every datagram through a hostile router; skipped, with the reason
 * printed, where namespaces cannot be made.
 */
class NetnsE2ETest {
    private static final Pattern CLIENTS = Pattern.compile("in namespace (udpg-\\d+-)clients");

    @BeforeAll
    static void namespacesCanBeMade() {
        String why = NetnsExecutor.unavailable();
        if (why == null) {
            try {
                String probe = NetnsPlanner.NAME_PREFIX + ProcessHandle.current().pid() + "-probe";
                NetnsExecutor.run(List.of("ip", "netns", "add", probe));
                NetnsExecutor.run(List.of("ip", "netns", "del", probe));
            } catch (IOException e) {
                why = "cannot create a network namespace here: " + e.getMessage();
            }
        }
        if (why != null) {
            System.out.println("NetnsE2ETest skipped: --netns " + why);
        }
        Assumptions.assumeTrue(why == null, "--netns " + why);
    }

    @Test
    void theEffectivelyOnceTwinAcrossThreeHostsLosesDuplicatesAndCorruptsNothingAndLeavesNoNamespace(@TempDir Path tmp)
            throws IOException, InterruptedException {
        Path json = tmp.resolve("report.json");
        Path log = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of("..", "scripts", "topology").toString(), "run",
                Runs.EXAMPLES.resolve("effectively-once-hosts.yaml").toString(), "--netns", "--json", json.toString(),
                "--no-progress").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("UDPGRAPH_QUICK_START", "1"); // eleven short-lived JVMs: start them quickly
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the run ends by itself");
        } finally {
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(100, report.get("delivered").asLong(), out);
        assertEquals(0, report.get("lost").asLong(), out);
        assertEquals(0, report.get("duplicated").asLong(), out);
        assertEquals(0, report.get("corrupted").asLong(), out);
        assertTrue(out.contains("experiment effectively-once-hosts (netns)"), out);
        Matcher m = CLIENTS.matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Pattern.compile("queue +out +\\d+\\.\\d+\\.\\d+\\.13:\\d+").matcher(out).find(),
                "the output queue is reached at the third host's address: " + out);
        String left = NetnsExecutor.run(List.of("ip", "netns", "list"));
        assertTrue(left.lines().noneMatch(l -> l.startsWith(m.group(1))), left);
    }
}
