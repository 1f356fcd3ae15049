package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/vertex-worker --python-function runs copies of stream-py style function files (under the
 * test resources' stream-py/functions) unchanged: results, routing by key and state across calls are
 * what the original worker.py gave.
 */
class StreamPyFunctionE2ETest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path copy;
    static Path functions;

    @BeforeAll
    static void copyTheFunctionFiles() throws IOException {
        Path from = Repo.root().resolve("vertex-worker/src/test/resources/stream-py/functions");
        functions = Files.createDirectories(copy.resolve("functions"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from, "*.py")) {
            for (Path f : files) {
                Files.copy(f, functions.resolve(f.getFileName()));
            }
        }
    }

    /** Runs the worker script on {@code in} with these outputs and flags until {@code done} holds. */
    private static void runWorker(TestNodes.Node in, List<TestNodes.Node> outs, TestNodes.Check done,
                                  String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Repo.root().resolve("scripts/vertex-worker").toString(),
                "--input", HostPort.of(in.address()).toString(), "--log-level", "warn"));
        for (TestNodes.Node out : outs) {
            cmd.add("--output");
            cmd.add(HostPort.of(out.address()).toString());
        }
        cmd.addAll(List.of(flags));
        Path log = copy.resolve("worker-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the first run may build the jar first, which takes minutes on a busy machine
            TestNodes.await(Duration.ofMinutes(5), () -> !p.isAlive() || Files.readString(log).contains(": running"));
            boolean held = TestNodes.await(WITHIN, () -> !p.isAlive() || done.holds());
            assertTrue(held && p.isAlive(), "the worker finished its inputs; its log:\n" + Files.readString(log));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String function(String name) {
        return functions.resolve(name + ".py").toString();
    }

    private static List<String> fix(int perSymbol, String... symbols) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < perSymbol; i++) {
            for (String s : symbols) {
                messages.add("35=D|55=" + s + "|38=" + i + "|");
            }
        }
        return messages;
    }

    private static String symbolOf(String message) {
        int at = message.indexOf("|55=") + 4;
        return message.substring(at, message.indexOf('|', at));
    }

    /** Python's hash of a non-negative int is its value modulo 2^61 - 1. */
    private static int md5Output(String symbol, int outputs) {
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(symbol.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has MD5", e);
        }
        long hash = new BigInteger(1, md5).mod(BigInteger.valueOf((1L << 61) - 1)).longValue();
        return (int) Math.floorMod(hash, (long) outputs);
    }

    private static int crcOutput(String key, int outputs) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % outputs);
    }

    /** Every message of a node, empty ones included (a classic GET cannot tell them from none). */
    private static List<String> leaseAll(InetSocketAddress node) throws IOException {
        try (MqClient c = MqClient.connect(node)) {
            return c.lease(100, Duration.ofSeconds(30), Duration.ZERO).stream().map(Lease::text).toList();
        }
    }

    private static long total(List<TestNodes.Node> nodes) {
        return nodes.stream().mapToLong(n -> n.node().size()).sum();
    }

    @Test
    void aGeneratorOfIntegerKeyedTuplesSendsEachInputToOutputZeroAndOutputOne() throws Exception {
        List<String> inputs = IntStream.range(0, 500).mapToObj(i -> "m" + i).toList();
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node a = TestNodes.start();
             TestNodes.Node b = TestNodes.start()) {
            TestNodes.putAll(in.address(), inputs);
            runWorker(in, List.of(a, b), () -> total(List.of(a, b)) == 1_000,
                    "--route", "hash", "--batch", "256", "--python-function", function("inputdoubler"));
            assertEquals(inputs, TestNodes.takeAll(a.address()));
            assertEquals(inputs, TestNodes.takeAll(b.address()));
        }
    }

    /** Runs {@code function} on three outputs under --route hash and checks each message went to {@code outputOf}. */
    private static void assertRouted(String function, List<String> inputs, ToIntFunction<String> outputOf)
            throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node a = TestNodes.start();
             TestNodes.Node b = TestNodes.start(); TestNodes.Node c = TestNodes.start()) {
            List<TestNodes.Node> outs = List.of(a, b, c);
            TestNodes.putAll(in.address(), inputs);
            runWorker(in, outs, () -> total(outs) == inputs.size(),
                    "--route", "hash", "--python-function", function(function));
            for (int o = 0; o < 3; o++) {
                List<String> expected = new ArrayList<>();
                for (String m : inputs) {
                    if (outputOf.applyAsInt(m) == o) {
                        expected.add(m);
                    }
                }
                assertEquals(expected, TestNodes.takeAll(outs.get(o).address()), "output " + o);
            }
        }
    }

    @Test
    void aBigIntegerKeyFromAnMd5GoesWherePythonsHashModuloOutputsSentIt() throws Exception {
        assertRouted("fixrouter", fix(20, "IBM", "AAPL", "MSFT", "GOOG", "ORCL", "T", "F", "GE"),
                m -> md5Output(symbolOf(m), 3));
    }

    @Test
    void aStringKeyGoesToTheOutputOfItsCrc32c() throws Exception {
        assertRouted("symbolrouter", fix(10, "IBM", "AAPL", "MSFT", "GOOG", "ORCL", "T", "F", "GE"),
                m -> crcOutput(symbolOf(m), 3));
    }

    @Test
    void stateInThePackagesStateModuleLivesAcrossCalls() throws Exception {
        List<String> inputs = List.of("55=IBM|132=99.50|", "55=AAPL|133=190.00|", "55=IBM|133=100.25|",
                "55=AAPL|132=189.10|", "55=IBM|132=100.00|");
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            TestNodes.putAll(in.address(), inputs);
            runWorker(in, List.of(out), () -> out.node().size() == 3,
                    "--batch", "1", "--python-function", function("marketspread"));
            assertEquals(List.of("IBM spread 0.75 after 3 updates", "AAPL spread 0.90 after 4 updates",
                    "IBM spread 0.25 after 5 updates"), TestNodes.takeAll(out.address()));
        }
    }

    @Test
    void anExceptionIsAFunctionErrorForwardedToErrorsAndTheStateGoesOn() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start();
             TestNodes.Node errors = TestNodes.start()) {
            TestNodes.putAll(in.address(), List.of("a", "boom", "b"));
            runWorker(in, List.of(out), () -> out.node().size() == 2 && errors.node().size() == 1,
                    "--errors", HostPort.of(errors.address()).toString(), "--python-function", function("counter"));
            assertEquals(List.of("1 a", "3 b"), TestNodes.takeAll(out.address()));
            assertEquals(List.of("ExecFunctionException: ValueError: cannot count 'boom'\nboom"),
                    TestNodes.takeAll(errors.address()));
        }
    }

    @Test
    void falsyResultsArePublishedByDefault() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            TestNodes.putAll(in.address(), List.of("zero", "empty", "nothing", "x"));
            runWorker(in, List.of(out), () -> out.node().size() == 3, "--python-function", function("falsy"));
            assertEquals(List.of("0", "", "x"), leaseAll(out.address()));
        }
    }

    @Test
    void falsyResultsAreDroppedAsStreamPyDidWhenAsked() throws Exception {
        try (TestNodes.Node in = TestNodes.start(); TestNodes.Node out = TestNodes.start()) {
            TestNodes.putAll(in.address(), List.of("zero", "empty", "nothing", "x", "y"));
            runWorker(in, List.of(out), () -> out.node().size() == 2 && in.node().size() == 0,
                    "--stream-py-falsy", "drop", "--python-function", function("falsy"));
            assertEquals(List.of("x", "y"), TestNodes.takeAll(out.address()));
        }
    }
}
