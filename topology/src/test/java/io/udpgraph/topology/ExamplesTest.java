package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every example through {@code topology run}, in this JVM, with the report's numbers checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @TempDir
    Path tmp;

    private Runs.Result run(String example) throws Exception {
        return Runs.topology(tmp, "run", Runs.EXAMPLES.resolve(example).toString());
    }

    private static void assertClean(Runs.Result r, long expected) {
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(expected, r.number("expected"));
        assertEquals(expected, r.number("delivered"));
        assertEquals(0, r.number("lost"));
        assertEquals(0, r.number("duplicated"));
        assertEquals(0, r.number("corrupted"));
    }

    @Test
    void pipelineDeliversEveryMessageOnceAndUnchanged() throws Exception {
        Runs.Result r = run("pipeline.yaml");
        assertClean(r, 2000);
        assertEquals(2000, r.number("sent"));
        for (JsonNode n : r.report().get("nodes")) {
            if (n.get("kind").asText().equals("worker")) {
                assertEquals(2000, n.get("counters").get("in").asLong(), n.toString());
            }
        }
    }

    @Test
    void pongReturnsEveryBallAsItWasServed() throws Exception {
        Runs.Result r = run("pong.yaml");
        assertClean(r, 500);
    }

    @Test
    void fanOutFanInDeliversEachMessageOncePerBranch() throws Exception {
        Runs.Result r = run("fan-out-fan-in.yaml");
        assertClean(r, 2000);
        assertEquals(1000, r.number("sent"));
        long upperIn = 0;
        for (JsonNode n : r.report().get("nodes")) {
            if (n.get("name").asText().startsWith("upper#")) {
                upperIn += n.get("counters").get("in").asLong();
            }
        }
        assertEquals(1000, upperIn, "the two upper replicas share the left branch between them");
    }

    @Test
    void chaosLosesDuplicatesAndCorruptsNoMoreThanItsRoutersFaultsExplain() throws Exception {
        Runs.Result r = run("chaos.yaml");
        assertEquals(0, r.exitCode(), r.out() + r.err()); // its expectations: nomatch, delivered >= 20 %
        long expected = r.number("expected");
        assertEquals(500, expected);
        assertEquals(expected, r.number("delivered") + r.number("lost"));
        long dropped = 0;
        long copies = 0;
        long garbled = 0;
        long delayedOrReordered = 0;
        int routers = 0;
        for (JsonNode n : r.report().get("nodes")) {
            if (n.get("kind").asText().equals("router")) {
                routers++;
                JsonNode c = n.get("counters");
                for (String way : new String[] {"up", "down"}) {
                    dropped += c.path(way + ".dropped").asLong();
                    copies += c.path(way + ".duplicated").asLong();
                    garbled += c.path(way + ".garbled").asLong();
                    delayedOrReordered += c.path(way + ".delayed").asLong() + c.path(way + ".reordered").asLong();
                }
            }
        }
        assertEquals(4, routers);
        assertTrue(dropped > 0 && copies > 0 && garbled > 0 && delayedOrReordered > 0, r.out());
        long lost = r.number("lost");
        assertTrue(lost > 0, "a router that drops on every edge loses messages: " + r.out());
        // every lost, repeated or changed result needs a fault that caused it
        assertTrue(lost <= dropped + copies + garbled + delayedOrReordered, r.out());
        assertTrue(r.number("duplicated") <= copies, r.out());
        assertTrue(r.number("corrupted") <= garbled, r.out());
    }
}
