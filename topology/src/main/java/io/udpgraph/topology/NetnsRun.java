package io.udpgraph.topology;

import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.Shutdown;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outer half of {@code topology run --netns}: makes the namespaces of a {@link NetnsPlan}, runs the experiment
 * as {@code scripts/topology run … --netns-inside} inside the feeder's and sinks' namespace (whose report is the run's
 * report), and takes everything down when it ends, fails, or is stopped: by a shutdown hook as well, and by a sweep
 * at the next start after a kill -9.
 */
final class NetnsRun {
    private NetnsRun() {
    }

    /** {@code --netns-inside SUBNET@PID}: the plan the outer half made, which the inner half computes again. */
    static NetnsPlan planOf(Topology t, String inside) {
        int at = inside.indexOf('@');
        return NetnsPlanner.plan(t.hosts(), inside.substring(0, at), Long.parseLong(inside.substring(at + 1)));
    }

    /**
     * Runs {@code t} with the namespaces set up, the inner run started through {@code scripts} with
     * {@code runArgs} (the run's own arguments without --netns); returns its exit code.
     */
    static int run(Topology t, Path scripts, List<String> runArgs, PrintWriter err, Shutdown shutdown)
            throws InterruptedException {
        if (!t.connectors().isEmpty()) {
            err.println("topology: --netns does not run connectors yet: run this file with --processes");
            return ExitCodes.USAGE;
        }
        String why = NetnsExecutor.unavailable();
        if (why != null) {
            err.println("topology: --netns " + why);
            return ExitCodes.USAGE;
        }
        NetnsExecutor.sweep(err);
        Optional<String> subnet;
        try {
            subnet = NetnsPlanner.chooseSubnet(NetnsExecutor.run(List.of("ip", "-4", "addr")),
                    NetnsExecutor.run(List.of("ip", "route")));
        } catch (IOException e) {
            err.println("topology: --netns cannot read this machine's addresses and routes: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (subnet.isEmpty()) {
            err.println("topology: --netns found no free /24 in 10.213.0.0/16 or 172.29.0.0/16: this machine "
                    + "uses them all");
            return ExitCodes.FAILURE;
        }
        long pid = ProcessHandle.current().pid();
        NetnsPlan plan = NetnsPlanner.plan(t.hosts(), subnet.get(), pid);
        AtomicBoolean down = new AtomicBoolean();
        Runnable tearDown = () -> {
            if (down.compareAndSet(false, true)) {
                NetnsExecutor.tearDown(plan);
            }
        };
        Thread hook = new Thread(tearDown, "topology-netns-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                NetnsExecutor.setUp(plan);
            } catch (IOException e) {
                err.println("topology: --netns could not create its namespaces (" + e.getMessage() + "): run it as "
                        + "root on a machine, or in a privileged container, that allows network namespaces");
                return ExitCodes.USAGE;
            }
            describe(t, plan, err);
            List<String> command = new ArrayList<>(NetnsPlan.inside(plan.clientSpace()));
            command.add(scripts.resolve("topology").toString());
            command.addAll(runArgs);
            command.addAll(List.of("--netns-inside", plan.subnet() + "@" + pid));
            Process inner = new ProcessBuilder(command).inheritIO().start();
            boolean forwarded = false;
            while (!inner.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (shutdown.requested() && !forwarded) {
                    inner.destroy(); // SIGTERM: the inner run stops its nodes and prints its partial report
                    forwarded = true;
                }
            }
            return inner.exitValue();
        } catch (IOException e) {
            err.println("topology: --netns could not start the run inside the namespaces: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            tearDown.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook has run tearDown already
            }
        }
    }

    private static void describe(Topology t, NetnsPlan plan, PrintWriter err) {
        err.println("topology: --netns on " + plan.subnet() + " (no default route); feeder and sinks at "
                + plan.clientAddress() + " in namespace " + plan.clientSpace());
        for (String host : t.hosts().names()) {
            err.println("  host " + host + (t.hosts().given() ? " (" + t.hosts().address(host) + " in the file)" : "")
                    + " at " + plan.addresses().get(host) + " in namespace " + plan.spaces().get(host));
        }
        err.flush();
    }
}
