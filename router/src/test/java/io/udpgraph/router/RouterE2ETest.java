package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real {@code scripts/router} as a user would, against a queue node on loopback. */
class RouterE2ETest {
    private static final Path SCRIPT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
            .resolve("../scripts/router").normalize();
    private static final MqClient.Options PATIENT = MqClient.Options.defaults().timeout(Duration.ofSeconds(3));
    private static final MqClient.Options IMPATIENT = MqClient.Options.defaults().timeout(Duration.ofMillis(300))
            .retries(0);

    /** A running {@code scripts/router} whose stdout is collected line by line. */
    private static final class RouterProcess implements AutoCloseable {
        final Process process;
        final List<String> lines = new ArrayList<>();
        final Thread reader;

        RouterProcess(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(SCRIPT.toString());
            cmd.addAll(Arrays.asList(args));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** The first group of {@code pattern} in the first stdout line that matches it, waiting for it. */
        String await(String pattern) throws InterruptedException {
            Pattern p = Pattern.compile(pattern);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    for (String l : lines) {
                        Matcher m = p.matcher(l);
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                }
                if (!process.isAlive()) {
                    fail("router exited with " + process.exitValue() + " before printing /" + pattern + "/: " + lines);
                }
                Thread.sleep(20);
            }
            fail("router printed no line matching /" + pattern + "/: " + lines);
            return null;
        }

        /** Stops it as Ctrl-C or kill would (SIGTERM) and returns its exit code. */
        int stop() throws InterruptedException {
            // through the handle: Process.destroy() would also close our end of its stdout
            process.toHandle().destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("router did not stop within 10 s of SIGTERM");
            }
            reader.join(5000);
            return process.exitValue();
        }

        List<String> output() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void spikesFormRelaysRepliesAndStopsCleanlyOnSigterm() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             RouterProcess router = new RouterProcess("127.0.0.1:0", HostPort.of(node.address()).toString(), "pass",
                     "--seed", "3")) {
            HostPort at = HostPort.parse(router.await("listening on (\\S+),"));
            try (MqClient client = MqClient.connect(at, PATIENT)) {
                assertEquals(5, client.put("hello"));
                assertEquals(1, client.size());
                assertEquals("hello", client.getText());
            }
            assertEquals(0, router.stop());
            assertTrue(router.output().stream().anyMatch(l -> l.startsWith("router stopped: up 3 in, 3 out")),
                    router.output().toString());
        }
    }

    @Test
    void spikesDropModeAtOneHundredPercentLetsNothingThrough() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             RouterProcess router = new RouterProcess("127.0.0.1:0", HostPort.of(node.address()).toString(), "drop",
                     "--seed", "3", "--prob", "100")) {
            HostPort at = HostPort.parse(router.await("listening on (\\S+),"));
            try (MqClient client = MqClient.connect(at, IMPATIENT)) {
                assertThrows(MqException.Timeout.class, () -> client.put("lost"));
            }
            assertEquals(0, node.size());
            assertEquals(0, router.stop());
        }
    }

    @Test
    void theControlApiChangesFaultsOfARunningRouterAndTheEventLogShowsIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("events.log");
        HttpClient http = HttpClient.newHttpClient();
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             RouterProcess router = new RouterProcess("--listen", "127.0.0.1:0", "--upstream",
                     HostPort.of(node.address()).toString(), "--control-port", "0", "--log-events", log.toString(),
                     "--seed", "9")) {
            HostPort at = HostPort.parse(router.await("listening on (\\S+),"));
            String control = router.await("control API at (http://\\S+)/faults");
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(control + "/faults"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"drop\", \"spec\": \"100%,up,PUT\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, added.statusCode(), added.body());
            try (MqClient client = MqClient.connect(at, IMPATIENT)) {
                assertThrows(MqException.Timeout.class, () -> client.put("lost"));
                assertEquals(0, client.size(), "SIZE is not a PUT: it passes");
            }
            HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create(control + "/faults/1"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, removed.statusCode());
            try (MqClient client = MqClient.connect(at, PATIENT)) {
                assertEquals(4, client.put("kept"));
            }
            assertEquals(1, node.size());
            assertEquals(0, router.stop());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("1 up 10 PUT drop#1", "2 up 6 SIZE pass", "1 down 3 SIZE pass", "3 up 10 PUT pass",
                "2 down 13 PUT pass"), lines);
    }
}
