package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sink is the experiment's instrument: what the network does to its own requests must not show as the graph's. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SinkTest {

    @TempDir
    Path tmp;

    /** A source straight into one queue node, a sink straight out of it, and a router that hits only the sink. */
    private Runs.Result run(String sinkGuarantee, String faults) throws Exception {
        String yaml = """
                name: sink
                queues:
                  q: {}
                routers:
                  r:
                    queue: q
                    faults: [%s]
                    seed: 7
                sources:
                  gen:
                    to: q
                    generator: {count: 300, size: 32, rate: 100}   # three seconds: leases of lost ACKs end in the run
                sinks:
                  out:
                    from: q
                %s
                run:
                  quiet: 1s
                """.formatted(faults, sinkGuarantee.isEmpty() ? "" : "    guarantee: " + sinkGuarantee);
        Path file = tmp.resolve("sink.yaml");
        Files.writeString(file, yaml);
        return Runs.topology(tmp, "run", file.toString());
    }

    @Test
    void aLeasingSinkTakesAgainWhatALostOrCopiedReplyLeftLeased() throws Exception {
        Runs.Result r = run("", "\"drop 20%,down,LEASE\", \"duplicate 20%,down,LEASE\", \"drop 20%,down,ACK\"");
        assertEquals(300, r.number("delivered"), r.out() + r.err());
        assertEquals(0, r.number("lost"), r.out());
        assertEquals(0, r.number("duplicated"), r.out());
    }

    @Test
    void anAtMostOnceSinkLosesWhatItsLostRepliesCarried() throws Exception {
        Runs.Result r = run("at-most-once", "\"drop 30%,down,GET\"");
        assertTrue(r.number("lost") > 0, r.out());
        assertEquals(0, r.number("duplicated"), r.out());
    }
}
