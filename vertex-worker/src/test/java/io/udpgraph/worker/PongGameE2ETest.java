package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's pong game, played with the real scripts as processes. */
class PongGameE2ETest {
    private static final Pattern LISTENING = Pattern.compile("listening on udp (\\S+:\\d+)");
    private static final Pattern BOUNCE = Pattern.compile("'(ping|pong)' → \\[(ping|pong)\\]");
    private static final Pattern PROCESSED = Pattern.compile("stopped; processed (\\d+) messages");

    private final List<Process> processes = new ArrayList<>();

    /** A started script whose stdout and stderr lines arrive in {@code lines}. */
    private record Running(Process process, BlockingQueue<String> lines) {
        String await(Pattern p, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && p.matcher(line).find()) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
            return null;
        }
    }

    private Running script(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Repo.root().resolve("scripts").resolve(name).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        return new Running(p, lines);
    }

    private String run(String name, String... args) throws Exception {
        Running r = script(name, args);
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS), name + " finished");
        StringBuilder out = new StringBuilder();
        for (String line = r.lines().poll(1, TimeUnit.SECONDS); line != null; line = r.lines().poll(200, TimeUnit.MILLISECONDS)) {
            out.append(line).append('\n');
        }
        assertEquals(0, r.process().exitValue(), name + " " + String.join(" ", args) + ":\n" + out);
        return out.toString();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theBallBouncesBetweenPingAndPongAndIsBackInTheQueueAfterTheWorkerStops() throws Exception {
        Running server = script("mq-server", "--port", "0");
        String listening = server.await(LISTENING, 60);
        assertNotNull(listening, "mq-server started");
        Matcher m = LISTENING.matcher(listening);
        assertTrue(m.find());
        String node = m.group(1);

        run("mq", "put", node, "ping");
        Running worker = script("vertex-worker", "--input", node, "--output", node, "--function", "pong", "20",
                "--log-level", "trace");

        List<String> bounces = new ArrayList<>();
        while (bounces.size() < 12) {
            String line = worker.await(BOUNCE, 60);
            assertNotNull(line, "the worker keeps returning the ball; so far " + bounces);
            Matcher b = BOUNCE.matcher(line);
            assertTrue(b.find());
            assertTrue(!b.group(1).equals(b.group(2)), line);
            bounces.add(b.group(2));
        }
        for (int i = 1; i < bounces.size(); i++) {
            assertTrue(!bounces.get(i).equals(bounces.get(i - 1)), "ping and pong alternate: " + bounces);
        }

        // SIGTERM through the handle: Process.destroy() would also close the pipe we read the report from
        worker.process().toHandle().destroy();
        String stopped = worker.await(PROCESSED, 30);
        assertNotNull(stopped, "the worker reports what it did when stopped");
        Matcher p = PROCESSED.matcher(stopped);
        assertTrue(p.find());
        assertTrue(Long.parseLong(p.group(1)) >= 12, stopped);
        assertTrue(worker.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, worker.process().exitValue());

        String size = run("mq", "size", node).strip();
        assertEquals("1", size.lines().reduce((a, b) -> b).orElse(""), "the ball is back in the queue, not lost");
    }
}
