package io.udpgraph.topology;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ProcessGraph} does to one node's process from outside: read its metrics, signal it (with its
 * children), wait for its end, quote its log. Stateless.
 */
final class ChildProcesses {
    /** util-linux's setsid, which every Debian machine has; without it a child shares the runner's session. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /**
     * {@code command} run in a session of its own, so a Ctrl-C at the terminal reaches only the runner, which
     * reads the nodes' counters for its partial report before it stops them. setsid execs in place (a child of
     * the JVM leads no process group), so the process keeps the pid the runner signals.
     */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> out = new ArrayList<>(command.size() + 1);
        out.add(SETSID.toString());
        out.addAll(command);
        return out;
    }

    /** The last three lines of a node's log, for an error message. */
    static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The Prometheus text a node serves at {@code address:metricsPort}, or null when it does not answer. */
    static String scrape(String address, int metricsPort) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + ":" + metricsPort + "/metrics")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}) to {@code process} and its children. */
    static void signal(Process process, String name, String signal) throws IOException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(process.pid())));
        process.descendants().forEach(p -> command.add(Long.toString(p.pid())));
        try {
            int code = new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
            if (code != 0) {
                throw new IOException("kill -" + signal + " " + name + " exited with " + code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted signalling " + name, e);
        }
    }

    /** Waits up to five seconds for {@code process} to end, then kills it. */
    static void awaitExit(Process process, String name) throws IOException {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + name + " to end", e);
        }
    }
}
