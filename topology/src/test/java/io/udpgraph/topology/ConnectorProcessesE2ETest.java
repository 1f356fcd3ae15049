package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/topology run --processes} on a file with connectors: each connector a process of scripts/connector. */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectorProcessesE2ETest {

    @TempDir
    Path tmp;

    @Test
    void aSourceViaATcpInConnectorProcessFeedsTheGraphOfProcesses() throws Exception {
        Path file = tmp.resolve("fed.yaml");
        Files.writeString(file, """
                name: fed
                queues:
                  in: {}
                  out: {}
                workers:
                  twice: {function: double, inputs: [in], outputs: [out]}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in, framing: len10}
                sources:
                  gen: {to: in, via: feed, generator: {count: 2000, format: number}}
                sinks:
                  results: {from: out}
                run: {quiet: 2s, timeout: 60s}
                """);
        Runs.Result run = Runs.runProcesses(tmp, file, 220);
        String out = run.out();
        JsonNode report = run.report();
        assertEquals("processes", report.get("mode").asText());
        assertEquals(2000, report.get("sent").asLong(), out);
        assertEquals(2000, report.get("delivered").asLong(), out);
        assertEquals(0, report.get("lost").asLong(), out);
        assertEquals(0, report.get("corrupted").asLong(), out);
    }
}
