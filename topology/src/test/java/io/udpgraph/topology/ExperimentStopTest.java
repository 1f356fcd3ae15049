package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C stops a run early and still gives the report of what happened until then. */
class ExperimentStopTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(30)
    void aRunAskedToStopEndsSoonWithAPartialReport() throws Exception {
        Path file = Files.writeString(tmp.resolve("slow.yaml"), """
                queues:
                  a: {}
                  b: {}
                workers:
                  up: {function: upper, inputs: [a], outputs: [b]}
                sources:
                  gen: {to: a, generator: {count: 100000, size: 40}, rate: 500}
                sinks:
                  out: {from: b}
                """);
        long start = System.nanoTime();
        Report r = new Experiment(TopologyFile.read(file), t -> {
            try {
                return InProcessGraph.start(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "in-process", new ByteArrayInputStream(new byte[0]), null)
                .stopWhen(() -> System.nanoTime() - start > 700_000_000L).run();
        assertTrue(r.explained().interrupted());
        assertFalse(r.timedOut());
        assertTrue(r.sent() > 0 && r.sent() < 100_000, "sent " + r.sent());
        assertTrue(r.delivered() > 0, "the partial report counts what arrived: " + r.delivered());
        assertTrue(ReportTable.of(r).contains("stopped by Ctrl-C"), ReportTable.of(r));
        assertTrue((System.nanoTime() - start) / 1e9 < 15, "it stopped soon");
    }
}
