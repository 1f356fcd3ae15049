package io.udpgraph.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node running as its own process from one of the project's scripts, so it shares no JVM with the load
 * generator. Its output is read all along (the last lines are kept for error messages) and its address is taken
 * from its start line ({@code … listening on [udp|tcp] HOST:PORT}). {@link #close()} sends SIGTERM, then SIGKILL.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (?:udp |tcp )?([0-9.]+):(\\d+)");

    private final String name;
    private final Process process;
    private final CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "bench-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code script args…} from {@code home/scripts}, with {@code javaOpts} as JAVA_OPTS when not null. */
    static NodeProcess start(Path home, String name, String javaOpts, String script, List<String> args) throws IOException {
        NodeProcess p = launch(home, name, javaOpts, script, args);
        STARTED.add(p);
        return p;
    }

    /** Every node started by this JVM and not yet closed, so a run that got no reply can ask which one died. */
    private static final java.util.Set<NodeProcess> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The exit reports of started nodes that are no longer running, empty when all of them are. */
    static List<String> deadNodes() {
        List<String> out = new java.util.ArrayList<>();
        for (NodeProcess p : STARTED) {
            String r = p.exitReport();
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static NodeProcess launch(Path home, String name, String javaOpts, String script, List<String> args) throws IOException {
        Path path = home.resolve("scripts").resolve(script);
        if (!Files.isExecutable(path)) {
            throw new IOException("no executable " + path + ": run the suite from the project's root or set UDPGRAPH_HOME");
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(path.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        Map<String, String> env = pb.environment();
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        return new NodeProcess(name, pb.start());
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (!address.isDone() && m.find()) {
                    address.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                }
                if (line.contains("running")) {
                    running.complete(null);
                }
            }
        } catch (IOException e) {
            // the process went away; waiting callers see it exited
        }
        address.completeExceptionally(new IOException(name + " exited before it said where it listens" + tail()));
        running.completeExceptionally(new IOException(name + " exited before it said it was running" + tail()));
    }

    /** Waits for the start line and returns the address it names. */
    InetSocketAddress awaitAddress(Duration timeout) throws IOException {
        return await(address, timeout, "say where it listens");
    }

    /** Waits for a line containing {@code running} (the worker's start line). */
    void awaitRunning(Duration timeout) throws IOException {
        await(running, timeout, "say it was running");
    }

    private <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(name + " did not " + what + " within " + timeout.toSeconds() + " s" + tail());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name, e);
        }
    }

    /** Null while the process runs; once it has exited, its exit code and last lines of output. */
    String exitReport() {
        if (process.isAlive()) {
            return null;
        }
        return name + " (pid " + pid() + ") exited with code " + process.exitValue() + tail();
    }

    /** The process id (the JVM's: the scripts {@code exec} java). */
    long pid() {
        return process.pid();
    }

    /** Resident set size from {@code /proc/PID/status} (VmRSS), in bytes. */
    long rssBytes() throws IOException {
        return rssBytes(pid());
    }

    /** Resident set size of any process, {@code /proc/PID/status} (VmRSS), in bytes. */
    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/" + pid + "/status");
    }

    /** The last line the process wrote, or an empty string. */
    String lastLine() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "" : lastLines.getLast();
        }
    }

    private String tail() {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "" : "; its last output:\n  " + String.join("\n  ", lastLines);
        }
    }

    /** SIGTERM, up to five seconds for a clean stop, then SIGKILL. */
    @Override
    public void close() {
        STARTED.remove(this);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
