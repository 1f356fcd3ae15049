package io.udpgraph.worker;

import static io.udpgraph.worker.TestNodes.await;
import static io.udpgraph.worker.TestNodes.drain;
import static io.udpgraph.worker.TestNodes.putAll;
import static io.udpgraph.worker.TestNodes.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The worker with real queue nodes on ephemeral ports: chains, fan-out, errors, exec, idling, stopping. */
class VertexWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static WorkerConfig worker(TestNodes.Node in, TestNodes.Node... outs) {
        WorkerConfig c = WorkerConfig.defaults().input(in.address());
        for (TestNodes.Node o : outs) {
            c = c.output(Output.queue(o.address()));
        }
        return c;
    }

    private static List<String> numbers(int n, int factor) {
        return IntStream.range(0, n).mapToObj(i -> Long.toString((long) i * factor)).toList();
    }

    @Test
    void aChainOfDoubleThenPassthroughCarriesTenThousandMessagesIncludingZeroTransformedAndInOrder() throws Exception {
        try (TestNodes.Node a = TestNodes.start(); TestNodes.Node b = TestNodes.start(); TestNodes.Node c = TestNodes.start();
             VertexWorker doubler = VertexWorker.start(worker(a, b).name("double").function("double"));
             VertexWorker pass = VertexWorker.start(worker(b, c).name("pass").function("passthrough"))) {
            putAll(a.address(), numbers(10_000, 1));
            List<String> got = drain(c.address(), 10_000, Duration.ofSeconds(60));
            assertEquals(numbers(10_000, 2), got);
            assertEquals(10_000, doubler.stats().messagesIn());
            assertEquals(10_000, pass.stats().resultsOut());
            assertEquals(0, doubler.stats().functionErrors());
        }
    }

    @Test
    void roundRobinDealsResultsToThreeOutputsInTurn() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node o0 = TestNodes.start();
             TestNodes.Node o1 = TestNodes.start(); TestNodes.Node o2 = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, o0, o1, o2).route(RoutePolicy.ROUND_ROBIN))) {
            putAll(in.address(), numbers(30, 1));
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 30));
            TestNodes.Node[] outs = {o0, o1, o2};
            for (int k = 0; k < 3; k++) {
                final int first = k;
                List<String> want = IntStream.range(0, 30).filter(i -> i % 3 == first).mapToObj(Integer::toString).toList();
                assertEquals(want, takeAll(outs[k].address()), "output " + k);
            }
        }
    }

    @Test
    void hashSendsEqualResultsToTheSameOutputByCrc32c() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node o0 = TestNodes.start();
             TestNodes.Node o1 = TestNodes.start(); TestNodes.Node o2 = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, o0, o1, o2).route(RoutePolicy.HASH))) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                words.add("w" + (i % 20));
            }
            putAll(in.address(), words);
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 60));
            Router expected = new Router(RoutePolicy.HASH, 3, 0);
            TestNodes.Node[] outs = {o0, o1, o2};
            int total = 0;
            for (int k = 0; k < 3; k++) {
                List<String> got = takeAll(outs[k].address());
                total += got.size();
                for (String word : got) {
                    assertEquals(k, expected.bucket(word), word + " is at output " + k);
                }
                assertTrue(!got.isEmpty(), "20 distinct words reach every one of 3 outputs");
            }
            assertEquals(60, total);
        }
    }

    @Test
    void hashUsesTheFunctionsKeyWhenItGivesOne() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node o0 = TestNodes.start();
             TestNodes.Node o1 = TestNodes.start(); TestNodes.Node o2 = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, o0, o1, o2).route(RoutePolicy.HASH).function("count"))) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                words.add("k" + (i % 6));
            }
            putAll(in.address(), words);
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 30));
            Router expected = new Router(RoutePolicy.HASH, 3, 0);
            TestNodes.Node[] outs = {o0, o1, o2};
            for (int k = 0; k < 3; k++) {
                for (String result : takeAll(outs[k].address())) {
                    String key = result.substring(0, result.indexOf(' '));
                    assertEquals(k, expected.bucket(key), result + " is routed by its key " + key);
                }
            }
        }
    }

    @Test
    void broadcastSendsEveryResultToEveryOutput() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node o0 = TestNodes.start();
             TestNodes.Node o1 = TestNodes.start(); TestNodes.Node o2 = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, o0, o1, o2).route(RoutePolicy.BROADCAST))) {
            putAll(in.address(), numbers(20, 1));
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 60));
            for (TestNodes.Node o : new TestNodes.Node[] {o0, o1, o2}) {
                assertEquals(numbers(20, 1), takeAll(o.address()));
            }
        }
    }

    @Test
    void randomWithASeedDealsResultsAsThatSeedsDrawsSay() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node o0 = TestNodes.start();
             TestNodes.Node o1 = TestNodes.start(); TestNodes.Node o2 = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, o0, o1, o2).route(RoutePolicy.RANDOM).routeSeed(99))) {
            putAll(in.address(), numbers(60, 1));
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 60));
            Router draws = new Router(RoutePolicy.RANDOM, 3, 99);
            List<List<String>> want = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (String m : numbers(60, 1)) {
                want.get(draws.route(null, m, null)).add(m);
            }
            TestNodes.Node[] outs = {o0, o1, o2};
            for (int k = 0; k < 3; k++) {
                assertEquals(want.get(k), takeAll(outs[k].address()), "output " + k);
                assertTrue(!want.get(k).isEmpty());
            }
        }
    }

    @Test
    void aFunctionThatThrowsOnSomeInputsDoesNotStopTheWorkerAndTheyAreForwarded() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             TestNodes.Node errors = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out).function("double")
                     .errors(Output.queue(errors.address())))) {
            putAll(in.address(), List.of("1", "x", "3", "2.5", "5"));
            assertEquals(List.of("2", "6", "10"), drain(out.address(), 3, WAIT));
            assertTrue(await(WAIT, () -> w.stats().messagesIn() == 5));
            assertEquals(2, w.stats().functionErrors());
            List<String> forwarded = drain(errors.address(), 2, WAIT);
            assertEquals(List.of("NumberFormatException: double needs a whole number, e.g. 21\nx",
                    "NumberFormatException: double needs a whole number, e.g. 21\n2.5"), forwarded);
            assertTrue(w.isRunning());
        }
    }

    @Test
    void aFunctionThatThrowsUncheckedOrCheckedExceptionsIsCountedByKind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VertexFunction picky = (input, out) -> {
            switch (input) {
                case "npe" -> throw new NullPointerException();
                case "io" -> throw new java.io.IOException("disk");
                case "deep" -> throw new StackOverflowError();
                default -> out.emit(input);
            }
        };
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out).name("picky").registry(registry)
                     .function(FunctionSpec.of("picky", () -> picky)))) {
            putAll(in.address(), List.of("npe", "a", "io", "deep", "b"));
            assertEquals(List.of("a", "b"), drain(out.address(), 2, WAIT));
            assertTrue(await(WAIT, () -> w.stats().functionErrors() == 3));
            assertEquals(1.0, registry.get("worker.function.errors").tags("node", "picky", "kind", "IOException")
                    .counter().count());
        }
    }

    @Test
    void everyResultIsPublishedIncludingZeroAndTheEmptyText() throws Exception {
        VertexFunction zeroAndEmpty = (input, out) -> {
            out.emit("0");
            out.emit("");
        };
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out).function(FunctionSpec.of("z", () -> zeroAndEmpty)))) {
            putAll(in.address(), List.of("go"));
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 2));
            assertEquals(2, TestNodes.size(out.address()));
            assertEquals(List.of("0"), drain(out.address(), 1, WAIT));
        }
    }

    @Test
    void aRawUdpSinkGetsEachResultAsOneDatagram() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress("127.0.0.1", 0));
            sink.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            try (VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(in.address())
                    .output(Output.udp((InetSocketAddress) sink.getLocalAddress())).function("split-words"))) {
                putAll(in.address(), List.of("a bb ccc"));
                ByteBuffer buf = ByteBuffer.allocate(100);
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    buf.clear();
                    sink.receive(buf);
                    buf.flip();
                    got.add(StandardCharsets.UTF_8.decode(buf).toString());
                }
                assertEquals(List.of("a", "bb", "ccc"), got);
                assertTrue(await(WAIT, () -> w.stats().resultsOut() == 3));
            }
        }
    }

    @Test
    void severalInputsAreAllServed() throws Exception {
        try (TestNodes.Node a = TestNodes.start(); TestNodes.Node b = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(WorkerConfig.defaults().input(a.address()).input(b.address())
                     .output(Output.queue(out.address())).function("upper"))) {
            putAll(a.address(), List.of("a1", "a2", "a3"));
            putAll(b.address(), List.of("b1", "b2"));
            List<String> got = drain(out.address(), 5, WAIT);
            assertEquals(new HashSet<>(List.of("A1", "A2", "A3", "B1", "B2")), new HashSet<>(got));
            assertEquals(5, w.stats().messagesIn());
        }
    }

    @Test
    void execWithThePythonExampleWorksAndSurvivesItsChildBeingKilled() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out)
                     .function(FunctionSpec.exec("python3 " + Repo.pythonExample())))) {
            putAll(in.address(), List.of("hello brave world"));
            assertEquals(List.of("HELLO", "BRAVE", "WORLD"), drain(out.address(), 3, WAIT));
            long pid = w.execPid();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            child.destroyForcibly();
            child.onExit().get(5, TimeUnit.SECONDS);
            putAll(in.address(), List.of("still here", "", "and again"));
            assertEquals(List.of("STILL", "HERE", "AND", "AGAIN"), drain(out.address(), 4, WAIT));
            assertEquals(1, w.stats().execRestarts());
            assertEquals(0, w.stats().functionErrors());
            assertTrue(w.execPid() != pid && w.execPid() > 0);
        }
    }

    @Test
    void anIdleWorkerUsesUnderATenthOfASecondOfCpuInFiveSeconds() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out))) {
            Thread.sleep(500);
            long tid = w.thread().getId();
            long before = mx.getThreadCpuTime(tid);
            long idleBefore = w.stats().idlePolls();
            Thread.sleep(5_000);
            long cpuNs = mx.getThreadCpuTime(tid) - before;
            long polls = w.stats().idlePolls() - idleBefore;
            System.out.printf("idle worker: %.1f ms CPU and %d empty polls in 5 s%n", cpuNs / 1e6, polls);
            assertTrue(cpuNs < 100_000_000L, "idle CPU was " + cpuNs / 1e6 + " ms over 5 s");
            assertTrue(polls > 0, "it keeps polling");
            putAll(in.address(), List.of("wake"));
            assertEquals(List.of("wake"), drain(out.address(), 1, WAIT));
        }
    }

    @Test
    void closeFinishesTheMessageInHandPublishesItAndReportsTheCount() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            VertexWorker w = VertexWorker.start(worker(in, out).function("sleep", "300").batchSize(1));
            putAll(in.address(), List.of("slow"));
            assertTrue(await(WAIT, () -> TestNodes.size(in.address()) == 0), "the worker took the message");
            WorkerStats stats = w.stop();
            assertEquals(1, stats.messagesIn());
            assertEquals(1, stats.resultsOut());
            assertEquals(List.of("slow"), takeAll(out.address()));
            assertTrue(!w.isRunning());
            assertEquals(stats, w.stop(), "stopping again changes nothing");
        }
    }

    @Test
    void metricsAreTaggedWithTheWorkersName() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             VertexWorker w = VertexWorker.start(worker(in, out).name("v7").registry(registry).function("split-words"))) {
            putAll(in.address(), List.of("a b", "c"));
            assertTrue(await(WAIT, () -> w.stats().resultsOut() == 3));
            assertEquals(2.0, registry.get("worker.messages.in").tag("node", "v7").counter().count());
            assertEquals(3.0, registry.get("worker.results.out").tag("node", "v7").counter().count());
            assertEquals(2, registry.get("worker.processing.time").tag("node", "v7").timer().count());
            assertTrue(registry.get("worker.idle.polls").tag("node", "v7").counter().count() >= 0);
            assertEquals(0.0, registry.get("worker.function.errors").tags("node", "v7", "kind", "none").counter().count());
        }
    }
}
