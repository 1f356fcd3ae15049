package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment of issue 6: the chaos pipeline with routers dropping 20 %, duplicating 20 %, reordering
 * 20 % and garbling 10 % of the datagrams on every edge, both ways, run as examples/effectively-once.yaml
 * does (with fewer messages, to stay quick) and again with every part at-most-once.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class GuaranteesTest {
    private static final int MESSAGES = 60;

    @TempDir
    Path tmp;

    private Path example(String guarantee) throws Exception {
        String yaml = Files.readString(Runs.EXAMPLES.resolve("effectively-once.yaml"))
                .replace("count: 100", "count: " + MESSAGES)
                .replace("guarantee: effectively-once", "guarantee: " + guarantee);
        Path file = tmp.resolve(guarantee + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static long counter(Runs.Result r, String node, String counter) {
        for (JsonNode n : r.report().get("nodes")) {
            if (n.get("name").asText().equals(node)) {
                return n.get("counters").get(counter).asLong();
            }
        }
        throw new AssertionError("no node " + node + " in " + r.out());
    }

    /**
     * Every message exactly once: none lost, none repeated, none changed. Known to fail now and then (about one
     * run in ten) while vertex-worker's effectively-once publisher can take a late or repeated PUT reply for the
     * acknowledgement of another result and ACK an input whose result was never stored; the report then shows
     * the queue after that worker with fewer puts than the worker's inputs.
     */
    @Test
    void effectivelyOnceDeliversEveryMessageExactlyOnceWithCorrectContentThroughHostileRouters() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", example("effectively-once").toString());
        assertEquals(MESSAGES, r.number("expected"));
        assertTrue(counter(r, "r-in", "up.dropped") > 0 && counter(r, "r-out", "down.garbled") > 0
                && counter(r, "r-upper", "up.duplicated") > 0, "the routers did their worst: " + r.out());
        assertEquals(0, r.number("duplicated"), r.out());
        assertEquals(0, r.number("corrupted"), r.out());
        assertEquals(MESSAGES, counter(r, "in", "puts"), "the first queue stored each message once: " + r.out());
        assertEquals(0, r.number("lost"), r.out());
        assertEquals(MESSAGES, r.number("delivered"), r.out());
        assertEquals(0, r.exitCode(), r.out() + r.err());
    }

    @Test
    void theSameRunAtMostOnceShowsItsLossesInTheReport() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", example("at-most-once").toString());
        assertEquals(1, r.exitCode(), "its expectations (lost 0, …) fail: " + r.out());
        assertTrue(r.number("lost") > MESSAGES / 4, r.out());
        assertTrue(r.out().contains("FAIL lost: 0"), r.out());
        assertTrue(r.out().contains("result      nomatch"), r.out());
    }
}
