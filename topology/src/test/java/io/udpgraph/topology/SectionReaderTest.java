package io.udpgraph.topology;

import static io.udpgraph.topology.FileProblems.only;
import static io.udpgraph.topology.FileProblems.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.worker.WorkerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Node settings: the commands' defaults when left out, and one duration syntax with the old {@code _ms} keys. */
class SectionReaderTest {

    private static final String GOOD = """
            queues:
              a: {}
              b: {}
            workers:
              up:
                function: upper
                inputs: [a]
                outputs: [b]
            sources:
              gen: {to: a, generator: {count: 10}}
            sinks:
              out: {from: b}
            """;

    private static Topology.Worker workerWith(String settings) throws TopologyException {
        return parse(withWorkerSettings(settings)).workers().get("up");
    }

    private static String withWorkerSettings(String settings) {
        return GOOD.replace("    outputs: [b]\n", "    outputs: [b]\n" + settings);
    }

    @Test
    void aWorkerLeftAtItsDefaultsTakesTheWorkerCommandsDefaults() throws Exception {
        Topology.Worker w = workerWith("");
        assertEquals(WorkerConfig.DEFAULT_LEASE_TIME, w.leaseTime());
        assertEquals(WorkerConfig.DEFAULT_REQUEST_TIMEOUT, w.requestTimeout());
        assertEquals(WorkerConfig.DEFAULT_LONG_POLL_WAIT, w.longPollWait());
        assertEquals(WorkerConfig.DEFAULT_BATCH_SIZE, w.batch());
        assertEquals(WorkerConfig.DEFAULT_ROUTE.word(), w.route());
        assertEquals(WorkerConfig.DEFAULT_GUARANTEE.word(), w.guarantee());
    }

    @Test
    void aQueueLeftAtItsDefaultsTakesTheQueueCommandsDefaults() throws Exception {
        Topology.Queue q = parse(GOOD).queues().get("a");
        assertEquals(QueueConfig.DEFAULT_CAPACITY_MESSAGES, q.capacity());
        assertEquals(QueueConfig.DEFAULT_THREADS, q.threads());
        assertEquals(QueueConfig.DEFAULT_MAX_DELIVERIES, q.maxDeliveries());
        assertEquals(QueueConfig.DEFAULT_DEDUP_WINDOW_MESSAGES, q.dedupWindowMessages());
    }

    @Test
    void workerDurationsTakeAUnitAsTheCommandsDo() throws Exception {
        Topology.Worker w = workerWith("    lease: 1.5s\n    timeout: 20ms\n    long_poll: PT1S\n");
        assertEquals(Duration.ofMillis(1500), w.leaseTime());
        assertEquals(Duration.ofMillis(20), w.requestTimeout());
        assertEquals(Duration.ofSeconds(1), w.longPollWait());
    }

    @Test
    void theOldMillisecondKeysStillTakeBareNumbers() throws Exception {
        Topology.Worker w = workerWith("    lease_ms: 500\n    timeout_ms: 50\n    long_poll_ms: 0\n");
        assertEquals(Duration.ofMillis(500), w.leaseTime());
        assertEquals(Duration.ofMillis(50), w.requestTimeout());
        assertEquals(Duration.ZERO, w.longPollWait());
    }

    @Test
    void aKeyWrittenBesideItsOldMillisecondNameIsReportedAtTheOldName() {
        TopologyProblem p = only(withWorkerSettings("    lease: 2s\n    lease_ms: 2000\n"));
        assertEquals(10, p.line());
        assertTrue(p.message().contains("lease_ms: is the older name of lease:; keep only lease:"), p.message());
    }

    @Test
    void aDurationWithoutAUnitSaysHowToWriteOne() {
        TopologyProblem p = only(withWorkerSettings("    timeout: 500\n"));
        assertEquals(9, p.line());
        assertEquals(14, p.column());
        assertTrue(p.message().startsWith("timeout: expected a duration such as 500ms"), p.message());
    }

    @Test
    void aDurationOutOfRangeNamesTheRange() {
        TopologyProblem p = only(withWorkerSettings("    long_poll: 2m\n"));
        assertTrue(p.message().contains("long_poll: must be 0ms to 60s, got '2m'"), p.message());
    }

    @Test
    void runDurationsTakeMinutesAndIso() throws Exception {
        Topology t = parse(GOOD + "run: {timeout: 5m, quiet: PT0.5S}\n");
        assertEquals(Duration.ofMinutes(5), t.run().timeout());
        assertEquals(Duration.ofMillis(500), t.run().quiet());
    }
}
