package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.worker.WorkerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The worker's limits and defaults as README.md and docs/TOPOLOGY.md write them out in numbers are the constants
 * the commands and the topology reader use: change a constant and this test names the line to change with it.
 */
class DocumentedLimitsTest {

    static String doc(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(name))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, name + " not found above " + Path.of("").toAbsolutePath());
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    static void assertSays(String doc, String name, String text) {
        assertTrue(doc.contains(text), name + " should say: " + text);
    }

    @Test
    void theReadmesWorkerTableStatesWorkerConfigsLimitsAndDefaults() throws IOException {
        String readme = doc("README.md");
        assertSays(readme, "README.md", "| `--batch N` | messages asked for per GET or LEASE, 1–"
                + WorkerConfig.MAX_BATCH_SIZE + " (default " + WorkerConfig.DEFAULT_BATCH_SIZE + ") |");
        assertSays(readme, "README.md", "lease time under the lease guarantees, 1 ms to "
                + WorkerConfig.MAX_LEASE_TIME.toHours() + " h (default `"
                + DurationConverter.format(WorkerConfig.DEFAULT_LEASE_TIME) + "`) |");
        assertSays(readme, "README.md", "hold its poll open (default `"
                + DurationConverter.format(WorkerConfig.DEFAULT_LONG_POLL_WAIT) + "`;");
        assertSays(readme, "README.md", "how long to wait for each reply from a node (default `"
                + DurationConverter.format(WorkerConfig.DEFAULT_REQUEST_TIMEOUT) + "`) |");
    }

    @Test
    void theReadmesMqGetStatesTheLongestWaitOfTheProtocol() throws IOException {
        assertSays(doc("README.md"), "README.md", "waits up to D (≤ `" + ProtocolLimits.MAX_WAIT_MS / 1000 + "s`");
    }

    @Test
    void theTopologyGuideStatesTheReadersLimitsAndDefaults() throws IOException {
        String guide = doc("docs/TOPOLOGY.md");
        String name = "docs/TOPOLOGY.md";
        assertSays(guide, name, "batch: " + WorkerConfig.DEFAULT_BATCH_SIZE + " ");
        assertSays(guide, name,
                "(1-" + WorkerConfig.MAX_BATCH_SIZE + ", default " + WorkerConfig.DEFAULT_BATCH_SIZE + ")");
        assertSays(guide, name, "(default " + DurationConverter.format(WorkerConfig.DEFAULT_LEASE_TIME) + ", at most "
                + DurationConverter.format(SectionReader.MAX_LEASE_TIME) + ")");
        assertSays(guide, name, "(default " + DurationConverter.format(WorkerConfig.DEFAULT_REQUEST_TIMEOUT)
                + ", at most " + SectionReader.MAX_REQUEST_TIMEOUT.toSeconds() + "s)");
        assertSays(guide, name, "(default " + DurationConverter.format(WorkerConfig.DEFAULT_LONG_POLL_WAIT)
                + ", 0 off, at most " + WorkerConfig.MAX_LONG_POLL_WAIT.toSeconds() + "s)");
    }
}
