package io.udpgraph.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The client side of the graph's control API ({@link GraphControlServer}), as {@code toxiproxy-cli} is for
 * toxiproxy: {@code topology fault add r-in drop 20%}, {@code topology kill q2}, {@code topology nodes}. Each
 * prints one line per result and exits 0, or prints the graph's error and exits 1.
 */
final class ControlCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlCommands() {
    }

    /** What every control command shares: where the graph's API is, and one request to it. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--control-port", paramLabel = "P", defaultValue = "" + GraphControlServer.DEFAULT_PORT,
                description = "The port of the graph's control API on 127.0.0.1 (topology up --control-port). "
                        + "Default: ${DEFAULT-VALUE}.")
        int port;

        /** Sends one request; prints the error and returns null when the graph refused it. */
        JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r;
            try {
                r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new IOException("no graph's control API on 127.0.0.1:" + port + ": start one with "
                        + "'topology up FILE', or give the port it printed with --control-port", e);
            }
            JsonNode reply = JSON.readTree(r.body());
            if (r.statusCode() >= 400) {
                spec.commandLine().getErr().println("topology: " + reply.path("error").asText(r.body()));
                return null;
            }
            return reply;
        }

        @Override
        public final Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try {
                return run(out) ? ExitCodes.OK : ExitCodes.FAILURE;
            } catch (IOException e) {
                spec.commandLine().getErr().println("topology: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                out.flush();
                spec.commandLine().getErr().flush();
            }
        }

        /** Does the command's work; false when the graph refused it. */
        abstract boolean run(PrintWriter out) throws IOException, InterruptedException;

        boolean printNodes(JsonNode reply, PrintWriter out) {
            if (reply == null) {
                return false;
            }
            for (JsonNode n : reply.path("nodes").isMissingNode() ? List.of(reply) : reply.path("nodes")) {
                out.printf("%-7s %-16s %-22s %s%n", n.path("kind").asText(), n.path("name").asText(),
                        n.path("address").asText(), n.path("state").asText());
            }
            return true;
        }
    }

    /** {@code topology nodes}. */
    @Command(name = "nodes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists the nodes of a running graph (topology up) with their addresses and states.")
    static final class Nodes extends Base {
        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            return printNodes(send("GET", "/nodes", null), out);
        }
    }

    /** {@code topology kill|stop|restart|pause|resume NODE}: one command class per action. */
    abstract static class NodeAction extends Base {
        @Parameters(paramLabel = "NODE", description = "The node, as topology nodes lists it (a replica as name#2).")
        String node;

        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            return printNodes(send("POST", "/nodes/" + node.replace("#", "%23") + "/" + spec.name(), null), out);
        }
    }

    /** {@code topology kill NODE}. */
    @Command(name = "kill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Ends a node at once (SIGKILL for a process), as a crash would.")
    static final class Kill extends NodeAction {
    }

    /** {@code topology stop NODE}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Ends a node gracefully (SIGTERM for a process).")
    static final class Stop extends NodeAction {
    }

    /** {@code topology restart NODE}. */
    @Command(name = "restart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Starts a killed or stopped node again at its address (a queue on its data folder).")
    static final class Restart extends NodeAction {
    }

    /** {@code topology pause WORKER}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Freezes a worker (SIGSTOP for a process): it keeps its leases and takes nothing.")
    static final class Pause extends NodeAction {
    }

    /** {@code topology resume WORKER}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lets a paused worker go on.")
    static final class Resume extends NodeAction {
    }

    /** {@code topology reset}. */
    @Command(name = "reset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Counts every node's counters from zero again, in the control API's GET /counters.")
    static final class Reset extends Base {
        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            JsonNode r = send("POST", "/counters/reset", null);
            if (r != null) {
                out.println("counters reset");
            }
            return r != null;
        }
    }

    /** {@code topology fault add|change|rm|ls}. */
    @Command(name = "fault", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Adds, changes, removes or lists a router's faults in a running graph.",
                "  topology fault add r-in drop 20%", "  topology fault change r-in 3 drop 30%,up",
                "  topology fault rm r-in 3", "  topology fault ls r-in"},
            subcommands = {FaultAdd.class, FaultChange.class, FaultRm.class, FaultLs.class})
    static final class Fault implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("topology fault: say add, change, rm or ls; topology fault --help");
            return ExitCodes.USAGE;
        }
    }

    /** A fault command on one router. */
    abstract static class OnRouter extends Base {
        @Parameters(index = "0", paramLabel = "ROUTER", description = "The router, by its name in the file.")
        String router;

        String faults() {
            return "/routers/" + router + "/faults";
        }
    }

    /** {@code topology fault add ROUTER KIND VALUE}. */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Adds a fault, written as on the router's command line: drop 20%,up.")
    static final class FaultAdd extends OnRouter {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FAULT", description = "KIND VALUE, e.g. drop 20%,up")
        List<String> fault;

        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            JsonNode r = send("POST", faults(), Map.of("fault", String.join(" ", fault)));
            if (r != null) {
                out.println(router + " fault #" + r.path("id").asLong() + " " + String.join(" ", fault));
            }
            return r != null;
        }
    }

    /** {@code topology fault change ROUTER ID KIND VALUE}. */
    @Command(name = "change", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Changes a fault by id, keeping its id (and so its seeded decisions).")
    static final class FaultChange extends OnRouter {
        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "FAULT", description = "KIND VALUE, e.g. drop 30%")
        List<String> fault;

        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            JsonNode r = send("PUT", faults() + "/" + id, Map.of("fault", String.join(" ", fault)));
            if (r != null) {
                out.println(router + " fault #" + id + " " + String.join(" ", fault) + " (was "
                        + r.path("replaced").asText() + ")");
            }
            return r != null;
        }
    }

    /** {@code topology fault rm ROUTER ID}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Removes a fault by id.")
    static final class FaultRm extends OnRouter {
        @Parameters(index = "1", paramLabel = "ID")
        long id;

        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            JsonNode r = send("DELETE", faults() + "/" + id, null);
            if (r != null) {
                out.println(router + " fault #" + id + " removed (" + r.path("removed").asText() + ")");
            }
            return r != null;
        }
    }

    /** {@code topology fault ls ROUTER}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists a router's faults with their ids.")
    static final class FaultLs extends OnRouter {
        @Override
        boolean run(PrintWriter out) throws IOException, InterruptedException {
            JsonNode r = send("GET", faults(), null);
            if (r != null) {
                for (JsonNode f : r.path("faults")) {
                    out.println("#" + f.path("id").asLong() + " " + f.path("fault").asText());
                }
            }
            return r != null;
        }
    }
}
