package io.udpgraph.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.Shutdown;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** The {@code router} command: a fault-injecting UDP proxy in front of one or more queue nodes. */
@Command(name = "router", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 100, defaultValueProvider = DurationDefaults.class,
        description = {
            "Sits between clients and a queue node and forwards both ways, dropping, duplicating, delaying,",
            "reordering, garbling or rate-limiting datagrams on purpose, reproducibly for a given --seed.",
            "Each client gets its own upstream socket, so every reply goes back to the client that asked.",
            "",
            "  router --listen 127.0.0.1:10101 --upstream 127.0.0.1:10000 --drop 20%%,up --seed 7",
            "  router 127.0.0.1:10101 127.0.0.1:10000 drop --seed 7 --prob 20     (spike's form)",
            ""},
        footer = {
            "",
            "Faults: --KIND VALUE[,DIRECTION][,VERB...]; each option may repeat and all apply together.",
            "  P is a percentage (20%%, 0.5%%). DIRECTION is up (client to node), down (node to client) or",
            "  both (the default). VERBs (PUT, GET, SIZE, PUTID, LEASE, ACK, NACK, STATS, UNKNOWN,",
            "  MALFORMED) limit a fault to those requests and, going down, to the replies to them.",
            "",
            "  --drop P                   drop                                --drop 20%%,up",
            "  --duplicate P[:N]          N copies in all (default 2)         --duplicate 10%%:3",
            "  --delay D[±J][@P]          D plus or minus up to J, P default 100%% (+- works for ±)",
            "                                                                 --delay 5ms±2ms@30%%,down",
            "  --reorder P[:K]            hold behind the next K of its client (default 1)",
            "                                                                 --reorder 20%%:3",
            "  --garble P[:WHERE][:HOW]   WHERE header|text|any (any), HOW bit|byte (bit)",
            "                                                                 --garble 10%%:text,up,PUT",
            "  --random P                 one of drop, duplicate, delay 50ms±25ms, reorder, garble",
            "  --gilbert-elliott p,r[,1-h[,1-k]]",
            "                             burst loss with netem's 'loss gemodel p r 1-h 1-k': p good to",
            "                             bad, r bad to good, loss in bad (100%%), in good (0%%)",
            "                                                                 --gilbert-elliott 5%%,20%%",
            "  --rate N/s[:Q]             N datagrams/s, or bytes/s with a unit (64KB/s, 1MiB/s); up to",
            "                             Q wait (default 1000), the rest is dropped  --rate 1000/s:100",
            "",
            "Spike's form IN OUT MODE [--seed S] [--prob P] listens on IN, forwards to OUT and applies",
            "MODE (duplicate, drop, garble, delay, reorder, random or pass) with probability P percent",
            "(0-100, default 100) to the traffic towards OUT; replies are relayed untouched.",
            "",
            "With --seed the fate of the k-th datagram each way depends only on the seed, the direction",
            "and k: the same input gives the same --log-events file. Rate limits depend on time.",
            "Exit codes: 0 stopped cleanly, 1 could not start, 2 bad usage."})
public final class RouterCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandSpec spec;

    @Parameters(arity = "0..3", paramLabel = "IN OUT MODE", hideParamSyntax = true,
            description = "Spike's form: listen address, upstream address, fault mode.")
    List<String> spike = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Where clients send (a bare PORT listens on --bind).")
    String listen;

    @Option(names = "--upstream", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "A queue node behind the router; repeat for several.")
    List<HostPort> upstreams = new ArrayList<>();

    @Option(names = "--balance", paramLabel = "round-robin|client-hash", defaultValue = "round-robin",
            description = "How requests spread over several upstreams: each request to the next one, or each "
                    + "client to one of them (default: ${DEFAULT-VALUE}).")
    String balance;

    @Option(names = "--drop", paramLabel = "P", description = "Drop, e.g. 20%%,up.")
    List<String> drop = new ArrayList<>();

    @Option(names = "--duplicate", paramLabel = "P[:N]", description = "Send N copies in all, e.g. 10%%:3.")
    List<String> duplicate = new ArrayList<>();

    @Option(names = "--delay", paramLabel = "D[±J][@P]", description = "Delay, e.g. 5ms±2ms@30%%,down.")
    List<String> delay = new ArrayList<>();

    @Option(names = "--reorder", paramLabel = "P[:K]", description = "Hold behind the next K, e.g. 20%%:3.")
    List<String> reorder = new ArrayList<>();

    @Option(names = "--garble", paramLabel = "P[:WHERE][:HOW]", description = "Flip a bit or byte, e.g. 10%%:text,up,PUT.")
    List<String> garble = new ArrayList<>();

    @Option(names = "--random", paramLabel = "P", description = "One of the five above per datagram, e.g. 5%%.")
    List<String> random = new ArrayList<>();

    @Option(names = "--gilbert-elliott", paramLabel = "p,r[,1-h[,1-k]]", description = "Burst loss as netem's gemodel, e.g. 5%%,20%%.")
    List<String> gilbertElliott = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "N/s[:Q]", description = "Rate limit, e.g. 1000/s:100 or 64KB/s.")
    List<String> rate = new ArrayList<>();

    @Option(names = "--prob", paramLabel = "P", description = "Spike's form: the MODE's probability in percent, 0-100 (default 100).")
    Double prob;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every decision (default: random, printed at start).")
    Long seed;

    @Option(names = "--log-events", paramLabel = "FILE",
            description = "Write one line per datagram: seq, direction, bytes, verb, actions.")
    Path logEvents;

    @Option(names = "--control-port", paramLabel = "P", description = "Serve the JSON control API on --bind:P (0 picks one).")
    Integer controlPort;

    @Option(names = "--session-idle", paramLabel = "D", converter = DurationConverter.class,
            description = "Close a client's session after this long without traffic (default: ${DEFAULT-VALUE}).")
    Duration sessionIdle = RouterConfig.DEFAULT_SESSION_IDLE;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "" + RouterConfig.DEFAULT_MAX_SESSIONS,
            description = "Most clients at once; a new one evicts the least recently active (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--max-held", paramLabel = "N", defaultValue = "" + RouterConfig.DEFAULT_MAX_HELD_DATAGRAMS,
            description = "Most datagrams delayed, held or rate-queued at once; more are dropped and counted "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxHeld;

    @Option(names = "--max-held-bytes", paramLabel = "SIZE", defaultValue = "" + RouterConfig.DEFAULT_MAX_HELD_BYTES,
            converter = BytesConverter.class,
            description = "Most bytes held at once, e.g. 64KB or 32MiB (default: ${DEFAULT-VALUE}, "
                    + (RouterConfig.DEFAULT_MAX_HELD_BYTES >> 20) + " MiB).")
    long maxHeldBytes;

    @Option(names = "--reorder-max-hold", paramLabel = "D", converter = DurationConverter.class,
            description = "A datagram held for reordering goes out after this even if too few passed it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration reorderMaxHold = RouterConfig.DEFAULT_REORDER_MAX_HOLD;

    @Option(names = "--idle-spin", paramLabel = "D", converter = DurationConverter.class,
            description = "Poll the sockets this long after the last datagram before sleeping; may cut latency "
                    + "where cores are plentiful (default: ${DEFAULT-VALUE}).")
    Duration idleSpin = RouterConfig.DEFAULT_IDLE_SPIN;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = RouterConfig.DEFAULT_NAME,
            description = "Node name, the node tag of the metrics (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    NodeOptions shared;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new RouterCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The router configuration the command line describes; usage errors say what to write instead. */
    RouterConfig toConfig() {
        List<FaultSpec> faults = new ArrayList<>();
        HostPort listenAt = null;
        List<HostPort> ups = new ArrayList<>(upstreams);
        if (!spike.isEmpty()) {
            if (spike.size() < 3) {
                throw usage("spike's form needs IN OUT MODE, e.g. router 127.0.0.1:10101 127.0.0.1:10000 drop "
                        + "--prob 20; got " + String.join(" ", spike));
            }
            if (listen != null || !upstreams.isEmpty()) {
                throw usage("give either IN OUT MODE (spike's form) or --listen and --upstream, not both");
            }
            listenAt = address(spike.get(0), "IN");
            ups.add(address(spike.get(1), "OUT"));
            FaultSpec mode = spikeMode(spike.get(2), prob == null ? 100.0 : prob);
            if (mode != null) {
                faults.add(mode);
            }
        } else {
            if (prob != null) {
                throw usage("--prob belongs to spike's form IN OUT MODE; with --listen use e.g. --drop 20%");
            }
            if (listen == null) {
                throw usage("say where to listen: --listen 127.0.0.1:10101 (or spike's form IN OUT MODE)");
            }
            listenAt = address(listen, "--listen");
        }
        if (ups.isEmpty()) {
            throw usage("say where to forward: --upstream 127.0.0.1:10000 (the queue node's address)");
        }
        // in FaultKind order, so the faults are numbered in the order they apply
        List<List<String>> values = List.of(gilbertElliott, drop, random, garble, duplicate, delay, reorder, rate);
        for (FaultKind kind : FaultKind.values()) {
            for (String v : values.get(kind.ordinal())) {
                try {
                    faults.add(FaultSpec.parse(kind.word(), v));
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
            }
        }
        Balance b;
        try {
            b = Balance.fromWord(balance);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        RouterConfig c = RouterConfig.defaults().name(name).listen(listenAt).upstreams(ups).balance(b).faults(faults)
                .sessionIdle(sessionIdle).maxSessions(maxSessions).maxHeldDatagrams(maxHeld).maxHeldBytes(maxHeldBytes)
                .reorderMaxHold(reorderMaxHold).idleSpin(idleSpin).eventLog(logEvents);
        if (seed != null) {
            c = c.seed(seed);
        }
        if (controlPort != null) {
            c = c.control(new HostPort(shared.bind(), port(controlPort, "--control-port")));
        }
        return c;
    }

    private FaultSpec spikeMode(String mode, double percent) {
        if (percent < 0 || percent > 100) {
            throw usage("--prob is a percentage from 0 to 100, got " + percent);
        }
        double p = percent / 100.0;
        Scope up = Scope.of(Direction.UP);
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "drop" -> new FaultSpec.Drop(p, up);
            case "duplicate" -> new FaultSpec.Duplicate(p, 2, up);
            case "garble" -> new FaultSpec.Garble(p, FaultSpec.GarbleTarget.ANY, FaultSpec.GarbleMode.BIT, up);
            case "delay" -> new FaultSpec.Delay(FaultSpec.RANDOM_DELAY, FaultSpec.RANDOM_JITTER, p, up);
            case "reorder" -> new FaultSpec.Reorder(p, 1, up);
            case "random" -> new FaultSpec.RandomFault(p, up);
            case "pass" -> null;
            default -> throw usage("unknown MODE '" + mode + "': expected duplicate, drop, garble, delay, reorder, "
                    + "random or pass");
        };
    }

    private HostPort address(String text, String what) {
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return new HostPort(shared.bind(), port(Integer.parseInt(t), what));
        }
        try {
            return HostPort.parse(t);
        } catch (IllegalArgumentException e) {
            throw usage(what + ": " + e.getMessage());
        }
    }

    private int port(int p, String what) {
        if (p < 0 || p > 65_535) {
            throw usage(what + " " + p + " is outside 0-65535");
        }
        return p;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        shared.configureLogging();
        RouterConfig config = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        config = config.registry(registry);
        MetricsEndpoint metrics = null;
        Router router = null;
        Shutdown shutdown = Shutdown.install();
        try {
            metrics = shared.startMetrics(registry);
            router = Router.start(config);
            out.printf("router %s listening on %s, upstream %s, balance %s, seed %d%n", config.name(),
                    HostPort.of(router.address()), upstreamList(router), config.balance().word(), router.seed());
            for (Fault f : router.faults()) {
                out.printf("router fault #%d %s%n", f.id(), f.spec().option());
            }
            if (router.controlAddress().isPresent()) {
                out.printf("router control API at http://%s/faults%n", HostPort.of(router.controlAddress().get()));
            }
            if (metrics != null) {
                out.printf("router metrics at http://%s/metrics%n", HostPort.of(metrics.address()));
            }
            out.flush();
            shutdown.awaitSignal();
            return ExitCodes.OK;
        } catch (IOException | IllegalArgumentException e) {
            err.println("router: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        } finally {
            if (router != null) {
                router.close();
                out.printf("router stopped: %s%n", summary(router.counters()));
                out.flush();
            }
            if (metrics != null) {
                metrics.close();
            }
            shutdown.done();
        }
    }

    private static String upstreamList(Router router) {
        List<String> out = new ArrayList<>();
        for (var u : router.upstreams()) {
            out.add(HostPort.of(u).toString());
        }
        return String.join(" ", out);
    }

    private static String summary(RouterCounters c) {
        StringBuilder sb = new StringBuilder();
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            sb.append(way.word()).append(' ').append(c.get(way, Action.RECEIVED)).append(" in, ")
                    .append(c.get(way, Action.FORWARDED)).append(" out, ")
                    .append(c.get(way, Action.DROPPED)).append(" dropped; ");
        }
        return sb.append(c.sessionsOpened()).append(" sessions").toString();
    }

    /** Reads {@code 32MiB}, {@code 65536}, … for size options. */
    static final class BytesConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Units.parseBytes(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
