package io.udpgraph.topology;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * Carries out a {@link NetnsPlan} with the {@code ip} command of iproute2: checks that namespaces can be made here,
 * deletes those a dead runner left behind, sets the plan up, and takes it down (its processes killed first).
 * Needs root.
 */
final class NetnsExecutor {
    private NetnsExecutor() {
    }

    /** Why namespaces cannot be made here (not root, no {@code ip}, no {@code ip netns}), or null when they can. */
    static String unavailable() {
        try {
            if (!run(List.of("id", "-u")).strip().equals("0")) {
                return "needs root to create network namespaces: run it with sudo (or as root), or drop --netns to "
                        + "run the whole graph in one JVM on this machine";
            }
        } catch (IOException e) {
            return "cannot tell whether it runs as root (id -u: " + e.getMessage() + ")";
        }
        try {
            run(List.of("ip", "netns", "list"));
        } catch (IOException e) {
            return "needs the ip command of iproute2 with netns support (apt-get install iproute2): "
                    + e.getMessage();
        }
        return null;
    }

    /** Runs {@code command} and returns its output; throws with its error output when it fails. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    /** Sets {@code plan} up; on a failure takes down what was made and throws. */
    static void setUp(NetnsPlan plan) throws IOException {
        try {
            for (List<String> command : plan.setup()) {
                run(command);
            }
        } catch (IOException e) {
            tearDown(plan);
            throw e;
        }
    }

    /** Kills every process in the plan's namespaces and deletes them, with the bridge and links inside; quiet. */
    static void tearDown(NetnsPlan plan) {
        for (String space : plan.namespaces()) {
            remove(space);
        }
    }

    /** Deletes the namespaces of runs whose runner process is gone (a kill -9, a power cut); says which. */
    static void sweep(PrintWriter err) {
        try {
            for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
                String space = line.strip().split("\\s+")[0];
                Matcher m = NetnsPlanner.NAME.matcher(space);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    err.println("topology: deleting namespace " + space + ", left behind by a run that ended");
                    remove(space);
                }
            }
        } catch (IOException | NumberFormatException e) {
            err.println("topology: cannot list the namespaces left behind: " + e.getMessage());
        }
    }

    /** SIGTERM to every process in {@code space}, SIGKILL to those left after three seconds, then deletes it. */
    private static void remove(String space) {
        List<ProcessHandle> inside = new ArrayList<>();
        try {
            for (String pid : run(List.of("ip", "netns", "pids", space)).split("\\s+")) {
                if (!pid.isBlank()) {
                    Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid.strip()));
                    p.ifPresent(inside::add);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no such namespace (any more), or nothing inside it
        }
        inside.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (ProcessHandle p : inside) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            p.destroyForcibly();
        }
        try {
            run(List.of("ip", "netns", "del", space));
        } catch (IOException e) {
            // already gone
        }
    }
}
