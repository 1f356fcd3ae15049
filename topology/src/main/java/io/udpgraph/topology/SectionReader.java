package io.udpgraph.topology;

import io.udpgraph.connector.Framing;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.router.FaultSpec;
import io.udpgraph.runtime.Suggestions;
import io.udpgraph.worker.BuiltinFunctions;
import io.udpgraph.worker.Guarantee;
import io.udpgraph.worker.RoutePolicy;
import io.udpgraph.worker.VertexFunction;
import io.udpgraph.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads each node of a topology file's sections into the {@link Topology} model, with the defaults and
 * parsers of the commands that start those nodes, and notes in {@link Places} where every name and edge was
 * written; mistakes go to the {@link FieldReader}'s problems.
 */
final class SectionReader {

    static final Set<String> QUEUE_KEYS = Set.of("port", "capacity", "threads", "max_deliveries",
            "dedup_window_messages", "data_dir", "durable", "host");
    static final Set<String> WORKER_KEYS = Set.of("function", "inputs", "outputs", "route", "replicas",
            "guarantee", "batch", "lease", "lease_ms", "timeout", "timeout_ms", "long_poll", "long_poll_ms",
            "python_function", "host");
    static final Set<String> ROUTER_KEYS = Set.of("queue", "clients", "faults", "seed", "port", "control_port",
            "event_log", "host");
    static final Set<String> SOURCE_KEYS = Set.of("to", "generator", "messages", "repeat", "file", "stdin",
            "rate", "guarantee", "via");
    static final Set<String> GENERATOR_KEYS = Set.of("count", "size", "rate", "format");
    static final Set<String> SINK_KEYS = Set.of("from", "guarantee");
    static final Set<String> RUN_KEYS = Set.of("timeout", "quiet");
    static final Set<String> CONNECTOR_KEYS = Set.of("kind", "to", "from", "listen", "connect", "framing");

    /** A router's decisions are reproducible by default: the same file makes the same faults. */
    static final long DEFAULT_ROUTER_SEED = 1;
    /** The sink leases, so a reply lost on a busy machine is taken again rather than counted as a loss. */
    static final Guarantee DEFAULT_SINK_GUARANTEE = Guarantee.AT_LEAST_ONCE;
    /** The longest lease a topology file may ask for. */
    static final Duration MAX_LEASE_TIME = Duration.ofHours(1);
    /** The longest a worker may wait for one reply. */
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The longest a run may be told to last or to wait for quiet. */
    static final Duration MAX_RUN_WAIT = Duration.ofDays(1);

    private final FieldReader f;
    private final Places places;
    private final Path baseDir;

    SectionReader(FieldReader f, Places places, Path baseDir) {
        this.f = f;
        this.places = places;
        this.baseDir = baseDir;
    }

    /** Claims {@code e}'s key as a node name; false (and a problem) when it is taken or badly formed. */
    private boolean define(Located.Entry e, String kind) {
        Located.Position before = places.names.putIfAbsent(e.key(), e.keyAt());
        if (before != null) {
            f.problem(e.keyAt(), "the name '" + e.key() + "' (" + kind + ") is already used at " + before
                    + ": every queue, worker, router, source and sink needs its own name");
            return false;
        }
        if (!e.key().matches("[A-Za-z0-9_.-]+")) {
            f.problem(e.keyAt(), "the name '" + e.key() + "' may use letters, digits, '_', '-' and '.' only");
            return false;
        }
        return true;
    }

    /** The node's settings after its name is claimed and its keys checked; null when it cannot be read. */
    private Located.Mapping body(Located.Entry e, String kind, Set<String> keys) {
        if (!define(e, kind)) {
            return null;
        }
        Located.Mapping m;
        if (e.value() instanceof Located.Mapping x) {
            m = x;
        } else if (FieldReader.isNull(e.value())) {
            m = new Located.Mapping(Map.of(), e.keyAt());
        } else {
            f.problem(e.value().at(), kind + " '" + e.key() + "' must be a mapping of its settings, got "
                    + e.value().kind());
            return null;
        }
        f.checkKeys(m, keys, kind + " '" + e.key() + "'");
        places.bodies.put(e.key(), m.at());
        FieldReader.entry(m, "port").ifPresent(p -> places.ports.put(e.key(), p.value().at()));
        if (keys.contains("host")) {
            f.scalar(m, "host").ifPresent(h -> places.hostRefs.put(e.key(),
                    new FieldReader.Named(h, m.entries().get("host").value().at())));
        }
        return m;
    }

    private int port(Located.Mapping m) {
        return (int) f.number(m, "port", 0, 0, 65_535);
    }

    /**
     * The queue a node's {@code key} names (an edge, the {@code role} of that queue for the {@code owner}), or ""
     * and a problem that says {@code what} the queue is for when it names none.
     */
    private String edge(Located.Mapping m, String key, String role, String owner, String what) {
        Optional<String> queue = f.scalar(m, key);
        if (queue.isEmpty()) {
            f.problem(m.at(), owner + " needs " + key + ": QUEUE, " + what);
            return "";
        }
        places.queueRefs.add(new Places.QueueRef(queue.get(), m.entries().get(key).value().at(),
                role + " of " + owner));
        return queue.get();
    }

    private List<String> edges(Located.Mapping m, String key, String role) {
        List<String> out = new ArrayList<>();
        for (FieldReader.Named n : f.names(m, key)) {
            places.queueRefs.add(new Places.QueueRef(n.name(), n.at(), role));
            out.add(n.name());
        }
        return out;
    }

    Topology.Queue queue(Located.Entry e) {
        Located.Mapping m = body(e, "queue", QUEUE_KEYS);
        if (m == null) {
            return null;
        }
        return new Topology.Queue(e.key(), port(m),
                (int) f.number(m, "capacity", QueueConfig.DEFAULT_CAPACITY_MESSAGES, 1, Integer.MAX_VALUE),
                (int) f.number(m, "threads", QueueConfig.DEFAULT_THREADS, 1, 64),
                (int) f.number(m, "max_deliveries", QueueConfig.DEFAULT_MAX_DELIVERIES, 0, Integer.MAX_VALUE),
                (int) f.number(m, "dedup_window_messages", QueueConfig.DEFAULT_DEDUP_WINDOW_MESSAGES, 0,
                        Integer.MAX_VALUE),
                f.scalar(m, "data_dir").map(d -> baseDir.resolve(d).normalize()).orElse(null),
                f.word(m, "durable", "false", SectionReader::yesNo).equals("true"));
    }

    Topology.Worker worker(Located.Entry e) {
        Located.Mapping m = body(e, "worker", WORKER_KEYS);
        if (m == null) {
            return null;
        }
        List<String> fn = new ArrayList<>();
        Optional<Located.Entry> fe = FieldReader.entry(m, "function");
        Path python = pythonFunction(e.key(), m, fe.isPresent());
        if (fe.isEmpty()) {
            if (FieldReader.entry(m, "python_function").isEmpty()) {
                f.problem(m.at(), "worker '" + e.key() + "' has no function: add function: NAME [ARGS], one of "
                        + String.join(", ", BuiltinFunctions.names()) + ", or python_function: PATH");
            }
        } else if (fe.get().value() instanceof Located.Sequence s) {
            for (Located item : s.items()) {
                fn.add(String.valueOf(FieldReader.text(item)));
            }
        } else if (FieldReader.text(fe.get().value()) != null) {
            fn.addAll(List.of(FieldReader.text(fe.get().value()).strip().split("\\s+")));
        }
        String function = fn.isEmpty() ? "passthrough" : fn.get(0);
        List<String> args = fn.isEmpty() ? List.of() : fn.subList(1, fn.size());
        if (fe.isPresent() && !fn.isEmpty()) {
            checkFunction(fe.get().value().at(), function, args);
        }
        List<String> inputs = edges(m, "inputs", "input of worker '" + e.key() + "'");
        List<String> outputs = edges(m, "outputs", "output of worker '" + e.key() + "'");
        if (inputs.isEmpty()) {
            f.problem(FieldReader.entry(m, "inputs").map(x -> x.value().at()).orElse(e.keyAt()), "worker '" + e.key()
                    + "' has no input: add inputs: [QUEUE], the queue node(s) it takes messages from");
        }
        if (outputs.isEmpty()) {
            f.problem(FieldReader.entry(m, "outputs").map(x -> x.value().at()).orElse(e.keyAt()), "worker '" + e.key()
                    + "' has no output: add outputs: [QUEUE], the queue node(s) it publishes results to");
        }
        String route = f.word(m, "route", WorkerConfig.DEFAULT_ROUTE.word(), w -> RoutePolicy.parse(w).word());
        String guarantee = f.word(m, "guarantee", WorkerConfig.DEFAULT_GUARANTEE.word(),
                w -> Guarantee.parse(w).word());
        Duration oneMs = Duration.ofMillis(1);
        return new Topology.Worker(e.key(), function, args, inputs, outputs, route,
                (int) f.number(m, "replicas", 1, 1, 64), guarantee,
                (int) f.number(m, "batch", WorkerConfig.DEFAULT_BATCH_SIZE, 1, WorkerConfig.MAX_BATCH_SIZE),
                f.duration(m, "lease", "lease_ms", WorkerConfig.DEFAULT_LEASE_TIME, oneMs, MAX_LEASE_TIME),
                f.duration(m, "timeout", "timeout_ms", WorkerConfig.DEFAULT_REQUEST_TIMEOUT, oneMs,
                        MAX_REQUEST_TIMEOUT),
                f.duration(m, "long_poll", "long_poll_ms", WorkerConfig.DEFAULT_LONG_POLL_WAIT, Duration.ZERO,
                        WorkerConfig.MAX_LONG_POLL_WAIT), python);
    }

    /** The worker's {@code python_function: PATH}, resolved against the file's folder, or null. */
    private Path pythonFunction(String worker, Located.Mapping m, boolean hasFunction) {
        Optional<Located.Entry> pe = FieldReader.entry(m, "python_function");
        if (pe.isEmpty()) {
            return null;
        }
        String text = FieldReader.text(pe.get().value());
        Path file = text == null || text.isBlank() ? null : baseDir.resolve(text.strip()).normalize();
        if (hasFunction) {
            f.problem(pe.get().keyAt(), "worker '" + worker + "' has both function and python_function: keep one");
        } else if (file == null || !file.getFileName().toString().endsWith(".py") || !Files.isRegularFile(file)) {
            f.problem(pe.get().value().at(), "worker '" + worker + "': python_function needs a stream-py file such "
                    + "as functions/marketspread.py, relative to the topology file; got '" + text + "'");
        }
        return file;
    }

    private void checkFunction(Located.Position at, String name, List<String> args) {
        Optional<VertexFunction> fn = BuiltinFunctions.create(name);
        if (fn.isEmpty()) {
            f.problem(at, "unknown function '" + name + "'" + Suggestions.didYouMean(name, BuiltinFunctions.names())
                    + ": the built-ins are " + String.join(", ", BuiltinFunctions.names()));
            return;
        }
        try {
            fn.get().configure(args);
        } catch (IllegalArgumentException ex) {
            f.problem(at, "function '" + name + "': " + ex.getMessage());
        }
    }

    Topology.RouterOn router(Located.Entry e) {
        Located.Mapping m = body(e, "router", ROUTER_KEYS);
        if (m == null) {
            return null;
        }
        String queue = edge(m, "queue", "queue", "router '" + e.key() + "'", "the queue node it stands in front of");
        List<FaultSpec> faults = new ArrayList<>();
        for (Located item : f.listOf(m, "faults")) {
            fault(item).ifPresent(faults::add);
        }
        long seed = f.number(m, "seed", DEFAULT_ROUTER_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        List<FieldReader.Named> clients = f.names(m, "clients");
        places.routerClients.put(e.key(), clients);
        return new Topology.RouterOn(e.key(), queue, clients.stream().map(FieldReader.Named::name).toList(),
                faults, seed, port(m), (int) f.number(m, "control_port", 0, 0, 65535),
                f.scalar(m, "event_log").map(l -> baseDir.resolve(l).normalize()).orElse(null));
    }

    /** A fault as written on the router's command line, read by the router's own parser. */
    private Optional<FaultSpec> fault(Located item) {
        String text = FieldReader.text(item);
        if (text == null) {
            f.problem(item.at(), "a fault is written as on the router's command line: \"drop 20%,up\"");
            return Optional.empty();
        }
        try {
            return Optional.of(faultOf(text));
        } catch (IllegalArgumentException ex) {
            f.problem(item.at(), ex.getMessage());
            return Optional.empty();
        }
    }

    /** {@code true} or {@code false}, as YAML writes them. */
    private static String yesNo(String word) {
        if (word.equals("true") || word.equals("false")) {
            return word;
        }
        throw new IllegalArgumentException("expected true or false, got '" + word + "'");
    }

    /** {@code KIND VALUE} ({@code drop 20%,up}, {@code --drop 20%}) read by the router's parser; throws with a fix. */
    static FaultSpec faultOf(String text) {
        String s = text.strip();
        if (s.startsWith("--")) {
            s = s.substring(2);
        }
        int space = s.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("fault '" + text + "' needs a kind and a value, e.g. \"drop 20%,up\" "
                    + "or \"garble 10%:text\"");
        }
        return FaultSpec.parse(s.substring(0, space), s.substring(space + 1).strip());
    }

    Topology.Source source(Located.Entry e) {
        Located.Mapping m = body(e, "source", SOURCE_KEYS);
        if (m == null) {
            return null;
        }
        String guarantee = f.word(m, "guarantee", Guarantee.AT_MOST_ONCE.word(), w -> Guarantee.parse(w).word());
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("generator", "messages", "file", "stdin")) {
            if (m.entries().containsKey(k)) {
                kinds.add(k);
            }
        }
        String target = edge(m, "to", "target", "source '" + e.key() + "'", "the queue node it puts messages to");
        if (kinds.size() != 1) {
            f.problem(m.at(), "source '" + e.key() + "' needs exactly one of generator:, messages:, file: or "
                    + "stdin: true" + (kinds.isEmpty() ? "" : ", got " + String.join(" and ", kinds)));
            return null;
        }
        double rate = f.number(m, "rate", 0, 0, 10_000_000);
        String via = f.scalar(m, "via").orElse(null);
        if (via != null && guarantee.equals(Guarantee.EFFECTIVELY_ONCE.word())) {
            f.problem(m.at(), "source '" + e.key() + "' cannot resend by id through connector '" + via
                    + "': drop guarantee: effectively-once, or drop via: and PUT straight to the queue");
        }
        Topology.Source s = switch (kinds.get(0)) {
            case "generator" -> generated(e.key(), target, m.entries().get("generator").value(), rate, guarantee);
            case "messages" -> {
                List<String> messages = new ArrayList<>();
                for (Located item : f.listOf(m, "messages")) {
                    String t = FieldReader.text(item);
                    messages.add(t == null ? "" : t);
                }
                long repeat = f.number(m, "repeat", 1, 1, 100_000_000);
                yield new Topology.Source(e.key(), target, Topology.SourceKind.MESSAGES, repeat, 0, rate,
                        Topology.Format.TEXT, messages, null, guarantee);
            }
            case "file" -> {
                Optional<String> file = f.scalar(m, "file");
                Path p = file.map(x -> baseDir.resolve(x).normalize()).orElse(null);
                if (p != null && !Files.isReadable(p)) {
                    f.problem(m.entries().get("file").value().at(), "file '" + file.get() + "' of source '" + e.key()
                            + "' cannot be read (relative paths start at the topology file's folder)");
                }
                yield new Topology.Source(e.key(), target, Topology.SourceKind.FILE, 1, 0, rate, Topology.Format.TEXT,
                        List.of(), p, guarantee);
            }
            default -> new Topology.Source(e.key(), target, Topology.SourceKind.STDIN, 1, 0, rate,
                    Topology.Format.TEXT, List.of(), null, guarantee);
        };
        return s == null ? null : s.via(via);
    }

    private Topology.Source generated(String name, String to, Located g, double rate, String guarantee) {
        Located.Mapping gm = g instanceof Located.Mapping x ? x : new Located.Mapping(Map.of(), g.at());
        if (!(g instanceof Located.Mapping) && !FieldReader.isNull(g)) {
            f.problem(g.at(), "generator: takes count:, size:, rate: and format:, got " + g.kind());
        }
        f.checkKeys(gm, GENERATOR_KEYS, "generator of source '" + name + "'");
        long count = f.number(gm, "count", 1000, 0, 100_000_000);
        int size = (int) f.number(gm, "size", 32, 12, 60_000);
        double r = f.number(gm, "rate", (long) rate, 0, 10_000_000);
        Topology.Format format = Topology.Format.valueOf(f.word(gm, "format", "text", w -> {
            if (!w.equals("text") && !w.equals("number")) {
                throw new IllegalArgumentException("format is text (letters after a stamp) or number "
                        + "(digits, for functions such as double), got '" + w + "'");
            }
            return w;
        }).toUpperCase(Locale.ROOT));
        return new Topology.Source(name, to, Topology.SourceKind.GENERATOR, count, size, r, format, List.of(), null,
                guarantee);
    }

    Topology.Sink sink(Located.Entry e) {
        Located.Mapping m = body(e, "sink", SINK_KEYS);
        if (m == null) {
            return null;
        }
        String from = edge(m, "from", "queue", "sink '" + e.key() + "'", "the queue node it takes results from");
        String guarantee = f.word(m, "guarantee", DEFAULT_SINK_GUARANTEE.word(), w -> Guarantee.parse(w).word());
        return new Topology.Sink(e.key(), from, guarantee);
    }

    /**
     * A connector: {@code kind: tcp-in} (or {@code udp-in}) with {@code listen:} and {@code to:}, or
     * {@code kind: tcp-out} with {@code from:} and {@code connect:} or {@code listen:}; {@code framing:} u32.
     */
    Topology.Connector connector(Located.Entry e) {
        Located.Mapping m = body(e, "connector", CONNECTOR_KEYS);
        if (m == null) {
            return null;
        }
        String owner = "connector '" + e.key() + "'";
        String kind = f.word(m, "kind", "", w -> {
            if (!List.of("tcp-in", "tcp-out", "udp-in").contains(w)) {
                throw new IllegalArgumentException("kind is tcp-in, tcp-out or udp-in, got '" + w + "'");
            }
            return w;
        });
        Topology.ConnectorKind k = Topology.ConnectorKind.valueOf(kind.isEmpty() ? "TCP_IN"
                : kind.replace('-', '_').toUpperCase(Locale.ROOT));
        String queue = k == Topology.ConnectorKind.TCP_OUT
                ? edge(m, "from", "queue", owner, "the queue node it writes out")
                : edge(m, "to", "queue", owner, "the queue node it feeds");
        boolean listen = FieldReader.entry(m, "listen").isPresent();
        String where = f.scalar(m, listen ? "listen" : "connect").orElse("");
        HostPort address = null;
        try {
            address = HostPort.parse(where);
        } catch (IllegalArgumentException ex) {
            f.problem(m.at(), owner + " needs " + (k == Topology.ConnectorKind.TCP_OUT ? "connect: or listen:"
                    : "listen:") + " HOST:PORT: " + ex.getMessage());
        }
        if (k != Topology.ConnectorKind.TCP_OUT && !listen) {
            f.problem(m.at(), owner + " listens where feeds connect: give listen: HOST:PORT, e.g. 127.0.0.1:7000");
        }
        Framing framing = Framing.valueOf(f.word(m, "framing", "u32", w -> Framing.parse(w).word())
                .toUpperCase(Locale.ROOT));
        return new Topology.Connector(e.key(), k, queue, address, listen, framing);
    }

    /** The expect: block, one threshold per key. */
    List<Expectation> expectations(Located.Mapping top) {
        List<Expectation> out = new ArrayList<>();
        for (Located.Entry e : f.section(top, "expect")) {
            String v = FieldReader.text(e.value());
            if (v == null) {
                f.problem(e.value().at(), "expect: " + e.key() + " needs a value, e.g. " + e.key() + ": 0");
                continue;
            }
            try {
                out.add(Expectation.parse(e.key(), v));
            } catch (IllegalArgumentException ex) {
                f.problem(e.keyAt(), ex.getMessage());
            }
        }
        return out;
    }

    /** The run: block. */
    Topology.RunSettings runSettings(Located.Mapping top) {
        Optional<Located.Entry> r = FieldReader.entry(top, "run");
        if (r.isEmpty()) {
            return Topology.RunSettings.defaults();
        }
        if (!(r.get().value() instanceof Located.Mapping m)) {
            f.problem(r.get().value().at(), "run: takes timeout: and quiet:, e.g. run: {timeout: 60s, quiet: 2s}");
            return Topology.RunSettings.defaults();
        }
        f.checkKeys(m, RUN_KEYS, "run");
        return new Topology.RunSettings(
                f.duration(m, "timeout", Topology.RunSettings.DEFAULT_TIMEOUT, Duration.ZERO, MAX_RUN_WAIT),
                f.duration(m, "quiet", Topology.RunSettings.DEFAULT_QUIET, Duration.ZERO, MAX_RUN_WAIT));
    }
}
