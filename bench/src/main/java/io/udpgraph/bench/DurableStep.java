package io.udpgraph.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The durable step: queue nodes with {@code --data-dir} under {@code --fsync always} and {@code interval}, PUT/GET
 * pairs at 16 clients, side by side with Redis 7 ({@code appendonly yes}, {@code appendfsync always} and
 * {@code everysec}) driven by the same kind of closed loop ({@link RedisLoad}) when {@code redis-server} is
 * installed. The four are measured in turn, run after run, so all see the same machine.
 */
final class DurableStep {
    static final int CLIENTS = 16;
    static final String INSTALL_HINT = "redis-server is not installed, so udpgraph's figures stand alone;"
            + " on Debian: apt-get install redis-server (its service need not run: the step starts its own)";

    /** One UDP load run against a node. */
    @FunctionalInterface
    interface Runner {
        LoadResult once(InetSocketAddress at, Workload workload, int clients) throws IOException;
    }

    /** The medians; the Redis ones are null when {@code redis-server} is missing ({@code note} says so). */
    record Result(Measured always, Measured interval, Measured redisAlways, Measured redisEverysec, String note) {
    }

    private final SuitePlan plan;
    private final Runner runner;

    DurableStep(SuitePlan plan, Runner runner) {
        this.plan = plan;
        this.runner = runner;
    }

    Result run() throws IOException {
        Path tmp = Files.createTempDirectory("udpgraph-durable-");
        List<Process> redis = new ArrayList<>();
        try (NodeProcess always = node(tmp, "always"); NodeProcess interval = node(tmp, "interval")) {
            InetSocketAddress alwaysAt = always.awaitAddress(Duration.ofSeconds(120));
            InetSocketAddress intervalAt = interval.awaitAddress(Duration.ofSeconds(120));
            String redisServer = onPath("redis-server");
            InetSocketAddress redisAlways = null;
            InetSocketAddress redisEverysec = null;
            if (redisServer != null) {
                redisAlways = startRedis(redisServer, tmp.resolve("redis-always"), "always", redis);
                redisEverysec = startRedis(redisServer, tmp.resolve("redis-everysec"), "everysec", redis);
            } else {
                System.err.println("bench: " + INSTALL_HINT);
            }
            Workload w = Workload.of(Workload.Kind.PUT_GET);
            List<LoadResult> a = new ArrayList<>();
            List<LoadResult> i = new ArrayList<>();
            List<LoadResult> ra = new ArrayList<>();
            List<LoadResult> re = new ArrayList<>();
            for (int run = 0; run < plan.runs(); run++) {
                a.add(runner.once(alwaysAt, w, CLIENTS));
                if (redisAlways != null) {
                    ra.add(redis(redisAlways, "always"));
                }
                i.add(runner.once(intervalAt, w, CLIENTS));
                if (redisEverysec != null) {
                    re.add(redis(redisEverysec, "everysec"));
                }
            }
            return new Result(Measured.of(a), Measured.of(i), ra.isEmpty() ? null : Measured.of(ra),
                    re.isEmpty() ? null : Measured.of(re), redisServer == null ? INSTALL_HINT : "");
        } finally {
            for (Process p : redis) {
                p.destroy();
            }
            for (Process p : redis) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteTree(tmp);
        }
    }

    private NodeProcess node(Path tmp, String fsync) throws IOException {
        return NodeProcess.start(plan.home(), "mq-" + fsync, null, "mq-server", List.of("--port", "0", "--name",
                "mq-" + fsync, "--data-dir", tmp.resolve(fsync).toString(), "--fsync", fsync));
    }

    private LoadResult redis(InetSocketAddress at, String policy) throws IOException {
        LoadResult r = RedisLoad.run(at, CLIENTS, plan.warmup(), plan.duration());
        System.err.println("  redis appendfsync " + policy + ": " + r.summary());
        return r;
    }

    private static InetSocketAddress startRedis(String server, Path dir, String fsync, List<Process> started)
            throws IOException {
        return startRedis(server, dir, List.of("--appendonly", "yes", "--appendfsync", fsync), started);
    }

    /** Starts a redis-server on a free loopback port, keeping its files in {@code dir}, with no snapshots. */
    static InetSocketAddress startRedis(String server, Path dir, List<String> persistence, List<Process> started)
            throws IOException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(server, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--save", ""));
        command.addAll(persistence);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        started.add(p);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket(at.getAddress(), port)) {
                return at;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while redis-server started", ie);
                }
            }
        }
    }

    /** The program's path when it is on the PATH, else null. */
    static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
