package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topology run --attach}: the experiment an exported graph's Job runs, against nodes something else started
 * (here the same graph in this JVM), with the same verdict as a run that starts them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttachTest {

    @TempDir
    Path tmp;

    private static final String GRAPH = """
            queues:
              a: {}
              b: {}
            workers:
              up: {function: upper, inputs: [a], outputs: [b], guarantee: effectively-once, timeout: 50ms}
            routers:
              r: {queue: b, faults: ["drop 20%"], seed: 3}
            sources:
              gen: {to: a, generator: {count: 200, size: 40}, guarantee: effectively-once}
            sinks:
              out: {from: b, guarantee: effectively-once}
            expect:
              result: match
              lost: 0
              duplicated: 0
            run:
              quiet: 1s
            """;

    /** {@code --attach NODE=HOST:PORT} for every queue and router of {@code g}. */
    private static List<String> attach(RunningGraph g) {
        List<String> args = new ArrayList<>();
        for (GraphControl.NodeState n : g.nodes()) {
            if (!n.kind().equals("worker")) {
                args.addAll(List.of("--attach", n.name() + "=" + n.address()));
            }
        }
        return args;
    }

    @Test
    void anAttachedRunFeedsAndChecksNodesItDidNotStart() throws Exception {
        Path f = Files.writeString(tmp.resolve("g.yaml"), GRAPH);
        try (RunningGraph g = InProcessGraph.start(TopologyFile.read(f))) {
            List<String> args = new ArrayList<>(List.of("run", f.toString()));
            args.addAll(attach(g));
            Runs.Result r = Runs.topology(tmp, args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertEquals(200, r.number("delivered"));
            assertEquals(0, r.number("lost"));
            assertEquals(0, r.number("duplicated"));
            assertEquals("attached", r.report().get("mode").asText());
        }
    }

    @Test
    void aQueueOrRouterWithoutAnAddressIsAUsageError() throws Exception {
        Path f = Files.writeString(tmp.resolve("g.yaml"), GRAPH);
        Runs.Result r = Runs.topology(tmp, "run", f.toString(), "--attach", "a=127.0.0.1:9");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("missing [b, r]"), r.err());
    }

    @Test
    void aQueueThatNeverAnswersFailsTheRunSayingWhich() throws Exception {
        Path f = Files.writeString(tmp.resolve("g.yaml"), GRAPH.replace("quiet: 1s", "quiet: 1s\n  timeout: 1s"));
        Runs.Result r = Runs.topology(tmp, "run", f.toString(), "--attach", "a=127.0.0.1:9", "--attach",
                "b=127.0.0.1:9", "--attach", "r=127.0.0.1:9");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("queue a at 127.0.0.1:9 does not answer SIZE"), r.err());
    }
}
