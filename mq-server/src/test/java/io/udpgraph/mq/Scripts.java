package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts/ as a user would, for the end-to-end tests. */
final class Scripts {
    private Scripts() {
    }

    /** The repository root: the folder that holds scripts/. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/mq-server"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the repository: no scripts/mq-server above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A UDP port that was free a moment ago. */
    static int freePort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    /** A script run to its end. */
    record Result(int exitCode, String out, String err) {
    }

    /** Runs {@code scripts/<name> args…} with optional stdin and waits for it (at most a minute). */
    static Result run(String stdin, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("scripts").resolve(name).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root().toFile()).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** A running {@code scripts/mq-server}, its stderr lines collected as they come. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final List<String> log = new ArrayList<>();
        private final Thread reader;

        private Server(Process process, int port) {
            this.process = process;
            this.port = port;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (log) {
                            log.add(line);
                            log.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "mq-server-stderr");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts {@code scripts/mq-server --port <free port> args…}; retries on the rare port clash. */
        static Server start(String... args) throws Exception {
            return start(Map.of(), args);
        }

        /** As {@link #start(String...)}, with extra environment variables for the launcher. */
        static Server start(Map<String, String> env, String... args) throws Exception {
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(root().resolve("scripts/mq-server").toString(),
                        "--port", String.valueOf(port)));
                command.addAll(List.of(args));
                ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
                builder.environment().putAll(env);
                Server s = new Server(builder.start(), port);
                String line = s.awaitLine("listening on udp", 60);
                if (line != null) {
                    return s;
                }
                s.close();
                if (attempt == 3 || !s.logText().contains("cannot bind")) {
                    throw new AssertionError("mq-server did not start:\n" + s.logText());
                }
            }
        }

        /** Waits for a log line containing {@code text}; null when the process ended or time ran out first. */
        String awaitLine(String text, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (log) {
                while (true) {
                    for (String l : log) {
                        if (l.contains(text)) {
                            return l;
                        }
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                        return null;
                    }
                    log.wait(Math.min(left, 100));
                }
            }
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        String logText() {
            synchronized (log) {
                return String.join("\n", log);
            }
        }

        /** Sends SIGTERM and waits for the process and its log to end. */
        int stop() throws Exception {
            // Process.destroy() would also close our end of its stderr, losing the stop line; the handle does not.
            process.toHandle().destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "mq-server ignored SIGTERM");
            reader.join(5000);
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
