package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/partition-and-crash.yaml and its at-most-once twin, run in this JVM: the schedule partitions an
 * edge, kills and restarts the durable queue node and kills a worker replica; effectively-once delivers every
 * message once and the report says when each step happened.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PartitionAndCrashTest {

    @TempDir
    Path tmp;

    private static List<String> marks(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : report.get("explained").get("marks")) {
            out.add(m.get("label").asText());
        }
        return out;
    }

    @Test
    void effectivelyOnceLosesNothingThroughAPartitionAndTwoKills() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", Runs.EXAMPLES.resolve("partition-and-crash.yaml").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(2000, r.number("delivered"), r.out());
        assertEquals(0, r.number("lost") + r.number("duplicated") + r.number("corrupted"), r.out());
        assertEquals(List.of("partition r-mid for 2s = fault #1", "kill upper#2", "heal r-mid (undoes step 1) = removed [#1]",
                "kill mid", "restart mid"), marks(r.report()), r.out());
        JsonNode first = r.report().get("explained").get("marks").get(0);
        assertTrue(first.get("atMillis").asLong() >= 1000 && first.get("atMillis").asLong() < 1500, first.toString());
        assertTrue(r.out().contains("schedule\n") && r.out().contains(" s  kill mid"), r.out());
    }

    @Test
    void atMostOnceLosesMessagesUnderTheSameSchedule() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run",
                Runs.EXAMPLES.resolve("partition-and-crash-at-most-once.yaml").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.number("lost") > 0, r.out());
        assertEquals(5, r.report().get("explained").get("marks").size(), r.out());
    }
}
