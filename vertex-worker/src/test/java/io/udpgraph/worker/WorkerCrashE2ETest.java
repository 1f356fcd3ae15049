package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.putAll;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.HostPort;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** scripts/vertex-worker killed with SIGKILL mid-stream under at-least-once: nothing is lost. */
class WorkerCrashE2ETest {

    private static Process worker(TestNodes.Node in, TestNodes.Node out) throws Exception {
        return new ProcessBuilder(Repo.root().resolve("scripts/vertex-worker").toString(),
                "--input", HostPort.of(in.address()).toString(), "--output", HostPort.of(out.address()).toString(),
                "--guarantee", "at-least-once", "--lease-ms", "500", "--function", "sleep", "1", "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
    }

    @Test
    void atLeastOnceLosesNothingWhenTheWorkerProcessIsKilledAndRestarted() throws Exception {
        int n = 3_000;
        List<String> inputs = IntStream.range(0, n).mapToObj(Integer::toString).toList();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            putAll(in.address(), inputs);
            List<String> got = new ArrayList<>();
            for (int kill = 1; kill <= 2; kill++) {
                Process p = worker(in, out);
                long target = kill * 700L;
                try {
                    assertTrue(await(Duration.ofSeconds(60), () -> got.size() + out.node().size() >= target),
                            "the worker makes progress");
                } finally {
                    p.destroyForcibly();
                    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                }
                got.addAll(takeAll(out.address()));
                assertTrue(in.node().stored() > 0, "killed mid-stream");
            }
            Process last = worker(in, out);
            try {
                assertTrue(await(Duration.ofSeconds(60), () -> in.node().stored() == 0), "every input ACKed at last");
            } finally {
                last.toHandle().destroy();
                assertTrue(last.waitFor(10, TimeUnit.SECONDS));
            }
            got.addAll(takeAll(out.address()));
            assertEquals(new HashSet<>(inputs), new HashSet<>(got), "nothing lost");
            System.out.println("at-least-once with two SIGKILLs: " + got.size() + " results for " + n + " inputs ("
                    + (got.size() - n) + " repeats)");
        }
    }
}
