package io.udpgraph.topology;

import io.udpgraph.runtime.UsageErrors;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.Logging;
import io.udpgraph.runtime.Shutdown;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code topology}: checks, draws, starts and runs topology files (docs/TOPOLOGY.md). Exit codes: 0 ok,
 * 1 an expectation failed or the graph could not run, 2 a bad file or bad usage.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Starts a whole graph of queue nodes, workers and routers from one YAML file, "
                + "pushes a known stream through it and reports what came out.", "",
            "  topology check examples/pipeline.yaml",
            "  topology run examples/chaos.yaml --html report.html", ""},
        subcommands = {TopologyCommand.Check.class, TopologyCommand.DotCommand.class, TopologyCommand.Up.class,
            TopologyCommand.Run.class, ExportCommand.class, ControlCommands.Nodes.class, ControlCommands.Fault.class,
            ControlCommands.Kill.class, ControlCommands.Stop.class, ControlCommands.Restart.class,
            ControlCommands.Pause.class, ControlCommands.Resume.class, ControlCommands.Reset.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done; every expectation held", "1:an expectation failed, or the graph could not start",
            "2:a bad topology file or bad usage (also: run --netns where namespaces cannot be made)", "130:run stopped by Ctrl-C (or SIGTERM); a partial report was printed"})
public final class TopologyCommand implements Callable<Integer> {
    /**
     * Held so the level {@link Logging#configure} sets on it stays: java.util.logging keeps loggers only
     * weakly, and a collected parent loses its level before the nodes' loggers are created.
     */
    private static final java.util.logging.Logger NODES_LOGGER = java.util.logging.Logger.getLogger("io.udpgraph");

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute. */
    public static CommandLine commandLine() {
        return UsageErrors.install(new CommandLine(new TopologyCommand())).setUsageHelpWidth(100);
    }

    @Override
    public Integer call() {
        return UsageErrors.missingSubcommand(spec);
    }

    /** Reads a file, printing every problem with its location; null when it has any. */
    static Topology load(Path file, PrintWriter err) {
        try {
            return TopologyFile.read(file);
        } catch (TopologyException e) {
            err.println(e.getMessage());
            err.println("topology: " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                    + " in " + file + " (docs/TOPOLOGY.md describes the format)");
            return null;
        } catch (IOException e) {
            err.println("topology: cannot read " + file + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * A subcommand that works on one topology file: it reads the file first, printing every problem, and exits 2
     * when the file has any; a graph that cannot start exits 1.
     */
    abstract static class FileCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The topology file (YAML).")
        Path file;

        @Override
        public final Integer call() throws InterruptedException {
            Topology t = load(file, spec.commandLine().getErr());
            if (t == null) {
                return ExitCodes.USAGE;
            }
            try {
                return call(t, spec.commandLine().getOut());
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("topology: the graph could not start: "
                        + e.getCause().getMessage());
                return ExitCodes.FAILURE;
            } finally {
                // picocli's writers buffer and main exits right after: what is not flushed here is lost
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().flush();
            }
        }

        /** Does the work on a file that read without problems. */
        abstract Integer call(Topology t, PrintWriter out) throws InterruptedException;
    }

    /** {@code topology check FILE}. */
    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Checks a topology file and explains every mistake with its line and column.")
    static final class Check extends FileCommand {
        @Override
        Integer call(Topology t, PrintWriter out) {
            out.printf("%s: ok: %d queues, %d workers, %d routers, %d sources, %d sinks, "
                    + "%d expectations%s%n", file, t.queues().size(), t.workers().size(), t.routers().size(),
                    t.sources().size(), t.sinks().size(), t.expectations().size(), t.schedule().steps().isEmpty() ? ""
                            : ", " + t.schedule().steps().size() + " schedule steps (undo steps included)");
            return ExitCodes.OK;
        }
    }

    /** {@code topology dot FILE}. */
    @Command(name = "dot", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Prints the graph as Graphviz dot.", "  topology dot FILE | dot -Tsvg > graph.svg"})
    static final class DotCommand extends FileCommand {
        @Override
        Integer call(Topology t, PrintWriter out) {
            out.print(Dot.of(t));
            return ExitCodes.OK;
        }
    }

    /** Options shared by up and run: where and how the nodes run. */
    static final class Launch {
        @Option(names = "--processes", description = "Start each node as its own process through the scripts "
                + "(scripts/mq-server, scripts/router, scripts/vertex-worker) instead of inside this JVM.")
        boolean processes;

        @Option(names = "--scripts", paramLabel = "DIR", description = "Where the node scripts are, for "
                + "--processes. Default: the scripts folder this command was started from.")
        Path scripts;

        @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "ERROR",
                description = "Log level of the nodes: ERROR, WARN, INFO, DEBUG or TRACE. Default: ${DEFAULT-VALUE}.")
        Logging.LogLevel logLevel;

        RunningGraph start(Topology t) {
            return start(t, null);
        }

        /** Starts the graph: as processes placed by {@code placement} when one is given (--netns). */
        RunningGraph start(Topology t, Placement placement) {
            try {
                if (placement != null) {
                    return ProcessGraph.start(t, scriptsDir(), placement, logLevel);
                }
                if (processes) {
                    Placement.requireLocal(t.hosts());
                    return ProcessGraph.start(t, scriptsDir(), logLevel);
                }
                return InProcessGraph.start(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String mode() {
            return processes ? "processes" : "in-process";
        }

        Path scriptsDir() {
            if (scripts != null) {
                return scripts;
            }
            String home = System.getenv("UDPGRAPH_HOME");
            return home != null ? Path.of(home, "scripts") : Path.of("scripts");
        }
    }

    /** {@code topology up FILE}. */
    @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Starts every node of the graph and keeps them running until Ctrl-C (or SIGTERM), "
                    + "printing where each one listens. Sources and sinks are not started: feed and read the "
                    + "queues with scripts/mq."})
    static final class Up extends FileCommand {
        @CommandLine.Mixin
        Launch launch;

        @Option(names = "--control-port", paramLabel = "P", defaultValue = "" + GraphControlServer.DEFAULT_PORT,
                description = "Serve the graph's control API (topology nodes, fault, kill, restart, …) on "
                        + "127.0.0.1:P; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
        int controlPort;

        @Override
        Integer call(Topology t, PrintWriter out) throws InterruptedException {
            Logging.configure(launch.logLevel);
            Shutdown shutdown = Shutdown.install();
            try (RunningGraph g = launch.start(t); GraphControlServer control = GraphControlServer.start(g, controlPort)) {
                out.println("topology " + t.name() + " up (" + launch.mode() + "); Ctrl-C stops it");
                out.println("  control http://127.0.0.1:" + control.address().getPort() + "/  (topology nodes"
                        + (controlPort == GraphControlServer.DEFAULT_PORT ? "" : " --control-port "
                        + control.address().getPort()) + ")");
                for (String line : g.describe()) {
                    out.println("  " + line);
                }
                for (Topology.Source s : t.sources().values()) {
                    out.println("  feed    " + String.format("%-16s", s.name()) + " scripts/mq put "
                            + io.udpgraph.protocol.HostPort.of(g.addressFor(s.name(), s.to())) + " TEXT…");
                }
                for (Topology.Sink s : t.sinks().values()) {
                    out.println("  read    " + String.format("%-16s", s.name()) + " scripts/mq get "
                            + io.udpgraph.protocol.HostPort.of(g.addressFor(s.name(), s.from())) + " --count 100");
                }
                out.flush();
                shutdown.awaitSignal();
                out.println("topology " + t.name() + " stopping");
                out.flush();
            } catch (IOException e) {
                spec.commandLine().getErr().println("topology: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                shutdown.done();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code topology run FILE}. */
    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Runs an experiment: starts the graph, feeds the sources, waits until every expected "
                    + "result arrived or the sinks went quiet (or the timeout), stops, and reports delivered, lost, "
                    + "duplicated, corrupted and reordered results, latency and throughput.",
                "Exits 1 when an expectation of the file's expect: block fails."})
    static final class Run extends FileCommand {
        @CommandLine.Mixin
        Launch launch;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
        Path json;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one self-contained "
                + "XHTML page with the graph, per-node counters and charts.")
        Path html;

        @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
        boolean noProgress;

        @Option(names = "--control-port", paramLabel = "P", description = "Serve the graph's control API on "
                + "127.0.0.1:P while the experiment runs (0 picks a free port), as topology up does.")
        Integer controlPort;

        @Option(names = "--netns", description = "Run each host of the file in its own Linux network namespace on "
                + "this machine, each node a process in its host's namespace, the feeder and sinks in one of their "
                + "own (docs/DEPLOY.md). Needs root and iproute2.")
        boolean netns;

        /** SUBNET@PID: set by the --netns run for the experiment it starts inside the namespaces. */
        @Option(names = "--netns-inside", hidden = true)
        String netnsInside;

        @Option(names = "--attach", paramLabel = "NODE=HOST:PORT", description = "Start no nodes: feed and check "
                + "a graph already running elsewhere (as topology export deploys it), its queue or router NODE at "
                + "HOST:PORT; repeat for every queue and router. Waits up to the run's timeout for the queues to "
                + "answer; the schedule's steps fail, as they act on nodes this command starts.")
        java.util.Map<String, String> attach = new java.util.LinkedHashMap<>();

        /** Starts the graph (or attaches to it), and its control API when asked for, which closes with it. */
        private RunningGraph start(Topology t) {
            RunningGraph g;
            try {
                g = !attach.isEmpty() ? AttachedGraph.attach(t, attach, t.run().timeout())
                        : launch.start(t, netnsInside == null ? null
                                : NetnsRun.planOf(t, netnsInside).placement(t.hosts()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (controlPort == null) {
                return g;
            }
            try {
                GraphControlServer control = GraphControlServer.start(g, controlPort);
                spec.commandLine().getErr().println("topology: control http://127.0.0.1:" + control.address().getPort()
                        + "/");
                return RunningGraph.closingAlso(g, control);
            } catch (IOException e) {
                g.close();
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Integer call(Topology t, PrintWriter out) throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            Logging.configure(launch.logLevel);
            if (!attach.isEmpty() && launch.processes) {
                err.println("topology: --attach starts no nodes, so it takes no --processes");
                return ExitCodes.USAGE;
            }
            boolean terminal = System.console() != null && !noProgress;
            Shutdown shutdown = Shutdown.install();
            try {
                if (netns) {
                    return NetnsRun.run(t, launch.scriptsDir(), innerArgs(), err, shutdown);
                }
                return report(t, out, err, terminal, shutdown);
            } finally {
                shutdown.done();
            }
        }

        /** This run's arguments for the run --netns starts inside the namespaces, every path made absolute. */
        private List<String> innerArgs() {
            List<String> args = new ArrayList<>(List.of("run",
                    file.toAbsolutePath().toString(), "--log-level", launch.logLevel.name(), "--scripts",
                    launch.scriptsDir().toAbsolutePath().toString()));
            if (json != null) {
                args.addAll(List.of("--json", json.toAbsolutePath().toString()));
            }
            if (html != null) {
                args.addAll(List.of("--html", html.toAbsolutePath().toString()));
            }
            if (noProgress) {
                args.add("--no-progress");
            }
            if (controlPort != null) {
                args.addAll(List.of("--control-port", "" + controlPort));
            }
            return args;
        }

        private int report(Topology t, PrintWriter out, PrintWriter err, boolean terminal, Shutdown shutdown)
                throws InterruptedException {
            Report report;
            try {
                report = new Experiment(t, this::start, !attach.isEmpty() ? "attached"
                        : netnsInside != null ? "netns" : launch.mode(), System.in,
                        terminal ? System.out : null).stopWhen(shutdown::requested).run();
            } catch (IOException e) {
                err.println("topology: " + e.getMessage());
                return ExitCodes.FAILURE;
            } catch (IllegalArgumentException e) {
                err.println("topology: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            out.print(ReportTable.of(report));
            out.flush();
            try {
                if (json != null) {
                    ReportJson.write(report, json);
                    out.println("report written to " + json);
                }
                if (html != null) {
                    ReportHtml.write(report, t, html);
                    out.println("report written to " + html);
                }
            } catch (IOException e) {
                err.println("topology: cannot write the report: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            if (report.explained().interrupted()) {
                err.println("topology: stopped by Ctrl-C (or SIGTERM); the report covers the run until then");
                return ExitCodes.INTERRUPTED;
            }
            if (!report.passed()) {
                err.println("topology: " + report.checks().stream().filter(c -> !c.passed()).count()
                        + " expectation(s) failed");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }
}
