package io.udpgraph.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.udpgraph.router.FaultSpec;
import io.udpgraph.worker.BuiltinFunctions;
import io.udpgraph.worker.Guarantee;
import io.udpgraph.worker.RoutePolicy;
import io.udpgraph.worker.VertexFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a topology file (YAML, schema in docs/TOPOLOGY.md) into a checked {@link Topology}, or a
 * {@link TopologyException} that lists every mistake with its line and column.
 */
public final class TopologyFile {

    private static final Set<String> TOP_KEYS = Set.of("name", "queues", "workers", "routers", "sources", "sinks",
            "expect", "run");
    private static final Set<String> QUEUE_KEYS = Set.of("port", "capacity", "threads", "max_deliveries",
            "dedup_window_messages");
    private static final Set<String> WORKER_KEYS = Set.of("function", "inputs", "outputs", "route", "replicas",
            "guarantee", "batch", "lease_ms", "timeout_ms", "long_poll_ms");
    private static final Set<String> ROUTER_KEYS = Set.of("queue", "clients", "faults", "seed", "port");
    private static final Set<String> SOURCE_KEYS = Set.of("to", "generator", "messages", "repeat", "file", "stdin",
            "rate", "guarantee");
    private static final Set<String> GENERATOR_KEYS = Set.of("count", "size", "rate", "format");
    private static final Set<String> SINK_KEYS = Set.of("from", "guarantee");
    private static final Set<String> RUN_KEYS = Set.of("timeout", "quiet");

    private final String fileName;
    private final Path baseDir;
    private final List<TopologyProblem> problems = new ArrayList<>();
    /** Every node name and where it was first defined, across kinds: names must be unique. */
    private final Map<String, Located.Position> names = new HashMap<>();

    private TopologyFile(String fileName, Path baseDir) {
        this.fileName = fileName;
        this.baseDir = baseDir;
    }

    /** Reads and checks the file; relative file sources are resolved against its folder. */
    public static Topology read(Path file) throws TopologyException, IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), text, dir);
    }

    /** Parses and checks topology text; {@code fileName} names it in messages. */
    public static Topology parse(String fileName, String text, Path baseDir) throws TopologyException {
        TopologyFile f = new TopologyFile(fileName, baseDir == null ? Path.of(".") : baseDir);
        Located root;
        try {
            root = tree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("not YAML");
            throw new TopologyException(fileName, List.of(new TopologyProblem(l == null ? 0 : l.getLineNr(),
                    l == null ? 0 : l.getColumnNr(), "not valid YAML: " + msg)));
        } catch (IOException e) {
            throw new TopologyException(fileName, List.of(new TopologyProblem(0, 0, "cannot read: " + e.getMessage())));
        }
        Topology t = f.build(root);
        if (!f.problems.isEmpty() || t == null) {
            List<TopologyProblem> sorted = new ArrayList<>(f.problems);
            sorted.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                    : Integer.compare(a.column(), b.column()));
            throw new TopologyException(fileName, sorted);
        }
        return t;
    }

    // ---- YAML to a located tree ----

    static Located tree(String text) throws IOException {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Located.Mapping(Map.of(), new Located.Position(1, 1));
            }
            return node(p, new HashMap<>());
        }
    }

    /** Reads the node at the current token; {@code anchors} holds every {@code &name} seen, for {@code *name}. */
    private static Located node(JsonParser p, Map<String, Located> anchors) throws IOException {
        String anchor = p.getObjectId() instanceof String s ? s : null;
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            Located target = anchors.get(p.getText());
            if (target == null) {
                JsonLocation l = p.currentTokenLocation();
                throw new JsonParseException(p, "unknown alias *" + p.getText() + ": define it first with &"
                        + p.getText(), l);
            }
            return target;
        }
        Located n = plainNode(p, anchors);
        if (anchor != null) {
            anchors.put(anchor, n);
        }
        return n;
    }

    private static Located plainNode(JsonParser p, Map<String, Located> anchors) throws IOException {
        JsonLocation l = p.currentTokenLocation();
        Located.Position at = new Located.Position(l.getLineNr(), l.getColumnNr());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Located.Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                JsonLocation kl = p.currentTokenLocation();
                String key = p.currentName();
                p.nextToken();
                Located value = node(p, anchors);
                Located.Position keyAt = new Located.Position(kl.getLineNr(), kl.getColumnNr());
                if (entries.containsKey(key)) {
                    throw new DuplicateKey(key, keyAt, entries.get(key).keyAt());
                }
                entries.put(key, new Located.Entry(key, keyAt, value));
            }
            return new Located.Mapping(entries, at);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Located> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p, anchors));
            }
            return new Located.Sequence(items, at);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Located.Scalar(null, at);
        }
        return new Located.Scalar(p.getText(), at);
    }

    /** A key written twice in one mapping: YAML forbids it, and the second would silently win. */
    private static final class DuplicateKey extends JsonProcessingException {
        DuplicateKey(String key, Located.Position at, Located.Position first) {
            super("the key '" + key + "' appears twice in one mapping (first at " + first + "); keep one",
                    new JsonLocation(null, -1, at.line(), at.column()));
        }
    }

    // ---- building the model ----

    private void problem(Located.Position at, String message) {
        problems.add(new TopologyProblem(at.line(), at.column(), message));
    }

    private Topology build(Located root) {
        if (!(root instanceof Located.Mapping top)) {
            problem(root.at(), "a topology file is a mapping with queues:, workers:, sources:, sinks: (see docs/TOPOLOGY.md), got "
                    + root.kind());
            return null;
        }
        checkKeys(top, TOP_KEYS, "the top level");
        String name = scalar(top, "name").orElse(fileName.replaceAll(".*/", "").replaceAll("\\.ya?ml$", ""));

        Map<String, Topology.Queue> queues = new LinkedHashMap<>();
        for (Located.Entry e : section(top, "queues")) {
            Topology.Queue q = queue(e);
            if (q != null) {
                queues.put(q.name(), q);
            }
        }
        Map<String, Topology.Worker> workers = new LinkedHashMap<>();
        Map<String, Located.Mapping> workerNodes = new HashMap<>();
        for (Located.Entry e : section(top, "workers")) {
            Topology.Worker w = worker(e);
            if (w != null) {
                workers.put(w.name(), w);
                workerNodes.put(w.name(), (Located.Mapping) e.value());
            }
        }
        Map<String, Topology.Source> sources = new LinkedHashMap<>();
        Map<String, Located.Mapping> sourceNodes = new HashMap<>();
        for (Located.Entry e : section(top, "sources")) {
            Topology.Source s = source(e);
            if (s != null) {
                sources.put(s.name(), s);
                sourceNodes.put(s.name(), (Located.Mapping) e.value());
            }
        }
        Map<String, Topology.Sink> sinks = new LinkedHashMap<>();
        Map<String, Located.Mapping> sinkNodes = new HashMap<>();
        for (Located.Entry e : section(top, "sinks")) {
            Topology.Sink s = sink(e);
            if (s != null) {
                sinks.put(s.name(), s);
                sinkNodes.put(s.name(), (Located.Mapping) e.value());
            }
        }
        Map<String, Topology.RouterOn> routers = new LinkedHashMap<>();
        Map<String, Located.Mapping> routerNodes = new HashMap<>();
        for (Located.Entry e : section(top, "routers")) {
            Topology.RouterOn r = router(e);
            if (r != null) {
                routers.put(r.name(), r);
                routerNodes.put(r.name(), (Located.Mapping) e.value());
            }
        }
        List<Expectation> expectations = new ArrayList<>();
        for (Located.Entry e : section(top, "expect")) {
            String v = e.value() instanceof Located.Scalar s ? s.text() : null;
            if (v == null) {
                problem(e.value().at(), "expect: " + e.key() + " needs a value, e.g. " + e.key() + ": 0");
                continue;
            }
            try {
                expectations.add(Expectation.parse(e.key(), v));
            } catch (IllegalArgumentException ex) {
                problem(e.keyAt(), ex.getMessage());
            }
        }
        Topology.RunSettings run = runSettings(top);

        // references between nodes
        for (Topology.Worker w : workers.values()) {
            Located.Mapping m = workerNodes.get(w.name());
            for (Located item : listOf(m, "inputs")) {
                refQueue(item, queues, "input of worker '" + w.name() + "'");
            }
            for (Located item : listOf(m, "outputs")) {
                refQueue(item, queues, "output of worker '" + w.name() + "'");
            }
        }
        for (Topology.Source s : sources.values()) {
            entry(sourceNodes.get(s.name()), "to").ifPresent(e -> refQueue(e.value(), queues,
                    "target of source '" + s.name() + "'"));
        }
        for (Topology.Sink s : sinks.values()) {
            entry(sinkNodes.get(s.name()), "from").ifPresent(e -> refQueue(e.value(), queues,
                    "queue of sink '" + s.name() + "'"));
        }
        Map<String, Located.Position> routerOfQueueClient = new HashMap<>();
        for (Topology.RouterOn r : routers.values()) {
            Located.Mapping m = routerNodes.get(r.name());
            entry(m, "queue").ifPresent(e -> refQueue(e.value(), queues, "queue of router '" + r.name() + "'"));
            List<String> clientsOfQueue = clientsOf(r.queue(), workers, sources, sinks);
            for (Located item : listOf(m, "clients")) {
                String c = text(item);
                if (c != null && !clientsOfQueue.contains(c)) {
                    problem(item.at(), "router '" + r.name() + "' lists client '" + c + "', but no edge joins '" + c
                            + "' and queue '" + r.queue() + "'" + (clientsOfQueue.isEmpty() ? ""
                            : ": its clients are " + String.join(", ", clientsOfQueue)));
                }
            }
            for (String c : r.clients().isEmpty() ? clientsOfQueue : r.clients()) {
                String key = r.queue() + "\u0000" + c;
                Located.Position before = routerOfQueueClient.putIfAbsent(key, m.at());
                if (before != null) {
                    problem(m.at(), "the edge between '" + c + "' and '" + r.queue() + "' already has a router (at "
                            + before + "); one router per edge: list the clients each router covers with clients:");
                }
            }
        }
        // a worker with no input is caught in worker(); here: nodes that nothing reaches
        for (Topology.Queue q : queues.values()) {
            boolean read = workers.values().stream().anyMatch(w -> w.inputs().contains(q.name()))
                    || sinks.values().stream().anyMatch(s -> s.from().equals(q.name()));
            if (!read) {
                problem(names.get(q.name()), "nothing takes from queue '" + q.name()
                        + "': name it in a worker's inputs or a sink's from:");
            }
        }
        checkPorts(queues, routers, top);
        checkCycles(workers, queues);
        if (sources.isEmpty() && problems.isEmpty()) {
            problem(top.at(), "no sources: add one under sources:, e.g. gen: {to: QUEUE, generator: {count: 1000}}");
        }
        if (sinks.isEmpty() && problems.isEmpty()) {
            problem(top.at(), "no sinks: add one under sinks:, e.g. out: {from: QUEUE}");
        }
        return new Topology(name, queues, workers, routers, sources, sinks, expectations, run);
    }

    private static List<String> clientsOf(String queue, Map<String, Topology.Worker> workers,
                                          Map<String, Topology.Source> sources, Map<String, Topology.Sink> sinks) {
        List<String> out = new ArrayList<>();
        for (Topology.Source s : sources.values()) {
            if (s.to().equals(queue)) {
                out.add(s.name());
            }
        }
        for (Topology.Worker w : workers.values()) {
            if (w.inputs().contains(queue) || w.outputs().contains(queue)) {
                out.add(w.name());
            }
        }
        for (Topology.Sink s : sinks.values()) {
            if (s.from().equals(queue)) {
                out.add(s.name());
            }
        }
        return out;
    }

    private void refQueue(Located item, Map<String, Topology.Queue> queues, String what) {
        String n = text(item);
        if (n == null) {
            return;
        }
        if (!queues.containsKey(n)) {
            String hint;
            if (names.containsKey(n)) {
                hint = "'" + n + "' is not a queue; edges join clients to queue nodes, so put a queue between them";
            } else {
                hint = "no node is named '" + n + "'" + (queues.isEmpty() ? "" : "; the queues are "
                        + String.join(", ", queues.keySet()));
            }
            problem(item.at(), "unknown queue '" + n + "' as " + what + ": " + hint);
        }
    }

    private void checkPorts(Map<String, Topology.Queue> queues, Map<String, Topology.RouterOn> routers,
                            Located.Mapping top) {
        Map<Integer, String> used = new HashMap<>();
        List<Map.Entry<String, Integer>> ports = new ArrayList<>();
        for (Topology.Queue q : queues.values()) {
            ports.add(Map.entry("queue '" + q.name() + "'", q.port()));
        }
        for (Topology.RouterOn r : routers.values()) {
            ports.add(Map.entry("router '" + r.name() + "'", r.port()));
        }
        for (Map.Entry<String, Integer> p : ports) {
            if (p.getValue() == 0) {
                continue;
            }
            String before = used.putIfAbsent(p.getValue(), p.getKey());
            if (before != null) {
                String nodeName = p.getKey().replaceAll("^\\w+ '(.*)'$", "$1");
                Located.Position at = portPosition(top, nodeName).orElse(names.getOrDefault(nodeName, top.at()));
                problem(at, "port " + p.getValue() + " of " + p.getKey() + " is already used by " + before
                        + ": give each node its own port, or leave port: out for a free one");
            }
        }
    }

    private Optional<Located.Position> portPosition(Located.Mapping top, String nodeName) {
        for (String section : List.of("queues", "routers")) {
            for (Located.Entry e : section(top, section)) {
                if (e.key().equals(nodeName) && e.value() instanceof Located.Mapping m) {
                    return entry(m, "port").map(x -> x.value().at());
                }
            }
        }
        return Optional.empty();
    }

    private void checkCycles(Map<String, Topology.Worker> workers, Map<String, Topology.Queue> queues) {
        // queue -> queues reachable through one worker
        Map<String, List<String>> next = new HashMap<>();
        for (Topology.Worker w : workers.values()) {
            for (String in : w.inputs()) {
                next.computeIfAbsent(in, k -> new ArrayList<>()).addAll(w.outputs());
            }
        }
        Map<String, Integer> state = new HashMap<>();
        for (String q : queues.keySet()) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(q, next, state, path)) {
                problem(names.get(path.get(path.size() - 1)), "a cycle " + String.join(" -> ", path)
                        + ": messages would circulate forever and no sink could tell when they are done; "
                        + "send the results on to another queue");
                return;
            }
        }
    }

    private static boolean cycleFrom(String q, Map<String, List<String>> next, Map<String, Integer> state,
                                     List<String> path) {
        Integer s = state.get(q);
        if (s != null && s == 2) {
            return false;
        }
        path.add(q);
        if (s != null && s == 1) {
            return true;
        }
        state.put(q, 1);
        for (String n : next.getOrDefault(q, List.of())) {
            if (cycleFrom(n, next, state, path)) {
                return true;
            }
        }
        state.put(q, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private boolean define(Located.Entry e, String kind) {
        Located.Position before = names.putIfAbsent(e.key(), e.keyAt());
        if (before != null) {
            problem(e.keyAt(), "the name '" + e.key() + "' (" + kind + ") is already used at " + before
                    + ": every queue, worker, router, source and sink needs its own name");
            return false;
        }
        if (!e.key().matches("[A-Za-z0-9_.-]+")) {
            problem(e.keyAt(), "the name '" + e.key() + "' may use letters, digits, '_', '-' and '.' only");
            return false;
        }
        return true;
    }

    private Located.Mapping body(Located.Entry e, String kind) {
        if (e.value() instanceof Located.Mapping m) {
            return m;
        }
        if (e.value() instanceof Located.Scalar s && s.text() == null) {
            return new Located.Mapping(Map.of(), e.keyAt());
        }
        problem(e.value().at(), kind + " '" + e.key() + "' must be a mapping of its settings, got " + e.value().kind());
        return null;
    }

    private Topology.Queue queue(Located.Entry e) {
        if (!define(e, "queue")) {
            return null;
        }
        Located.Mapping m = body(e, "queue");
        if (m == null) {
            return null;
        }
        checkKeys(m, QUEUE_KEYS, "queue '" + e.key() + "'");
        return new Topology.Queue(e.key(), port(m), (int) number(m, "capacity", 1_000_000, 1, Integer.MAX_VALUE),
                (int) number(m, "threads", 1, 1, 64), (int) number(m, "max_deliveries", 0, 0, Integer.MAX_VALUE),
                (int) number(m, "dedup_window_messages", 100_000, 0, Integer.MAX_VALUE));
    }

    private Topology.Worker worker(Located.Entry e) {
        if (!define(e, "worker")) {
            return null;
        }
        Located.Mapping m = body(e, "worker");
        if (m == null) {
            return null;
        }
        checkKeys(m, WORKER_KEYS, "worker '" + e.key() + "'");
        List<String> fn = new ArrayList<>();
        Optional<Located.Entry> fe = entry(m, "function");
        if (fe.isEmpty()) {
            problem(m.at(), "worker '" + e.key() + "' has no function: add function: NAME [ARGS], one of "
                    + String.join(", ", BuiltinFunctions.names()));
        } else if (fe.get().value() instanceof Located.Sequence s) {
            for (Located item : s.items()) {
                fn.add(String.valueOf(text(item)));
            }
        } else if (text(fe.get().value()) != null) {
            fn.addAll(List.of(text(fe.get().value()).strip().split("\\s+")));
        }
        String function = fn.isEmpty() ? "passthrough" : fn.get(0);
        List<String> args = fn.isEmpty() ? List.of() : fn.subList(1, fn.size());
        if (fe.isPresent() && !fn.isEmpty()) {
            checkFunction(fe.get().value().at(), function, args);
        }
        List<String> inputs = names(m, "inputs");
        List<String> outputs = names(m, "outputs");
        if (inputs.isEmpty()) {
            problem(entry(m, "inputs").map(x -> x.value().at()).orElse(e.keyAt()), "worker '" + e.key()
                    + "' has no input: add inputs: [QUEUE], the queue node(s) it takes messages from");
        }
        if (outputs.isEmpty()) {
            problem(entry(m, "outputs").map(x -> x.value().at()).orElse(e.keyAt()), "worker '" + e.key()
                    + "' has no output: add outputs: [QUEUE], the queue node(s) it publishes results to");
        }
        String route = word(m, "route", "round-robin", w -> RoutePolicy.parse(w).word());
        String guarantee = word(m, "guarantee", "at-most-once", w -> Guarantee.parse(w).word());
        return new Topology.Worker(e.key(), function, args, inputs, outputs, route,
                (int) number(m, "replicas", 1, 1, 64), guarantee, (int) number(m, "batch", 32, 1, 1024),
                number(m, "lease_ms", 30_000, 1, 3_600_000), number(m, "timeout_ms", 500, 1, 60_000),
                number(m, "long_poll_ms", 100, 0, 60_000));
    }

    private void checkFunction(Located.Position at, String name, List<String> args) {
        Optional<VertexFunction> fn = BuiltinFunctions.create(name);
        if (fn.isEmpty()) {
            String close = BuiltinFunctions.names().stream().filter(f -> near(f, name)).findFirst()
                    .map(f -> " (did you mean " + f + "?)").orElse("");
            problem(at, "unknown function '" + name + "'" + close + ": the built-ins are "
                    + String.join(", ", BuiltinFunctions.names()));
            return;
        }
        try {
            fn.get().configure(args);
        } catch (IllegalArgumentException ex) {
            problem(at, "function '" + name + "': " + ex.getMessage());
        }
    }

    private Topology.RouterOn router(Located.Entry e) {
        if (!define(e, "router")) {
            return null;
        }
        Located.Mapping m = body(e, "router");
        if (m == null) {
            return null;
        }
        checkKeys(m, ROUTER_KEYS, "router '" + e.key() + "'");
        Optional<String> queue = scalar(m, "queue");
        if (queue.isEmpty()) {
            problem(m.at(), "router '" + e.key() + "' needs queue: QUEUE, the queue node it stands in front of");
        }
        List<FaultSpec> faults = new ArrayList<>();
        for (Located item : listOf(m, "faults")) {
            String f = text(item);
            if (f == null) {
                problem(item.at(), "a fault is written as on the router's command line: \"drop 20%,up\"");
                continue;
            }
            String s = f.strip();
            if (s.startsWith("--")) {
                s = s.substring(2);
            }
            int space = s.indexOf(' ');
            if (space < 0) {
                problem(item.at(), "fault '" + f + "' needs a kind and a value, e.g. \"drop 20%,up\" or \"garble 10%:text\"");
                continue;
            }
            try {
                faults.add(FaultSpec.parse(s.substring(0, space), s.substring(space + 1).strip()));
            } catch (IllegalArgumentException ex) {
                problem(item.at(), ex.getMessage());
            }
        }
        long seed = number(m, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        return new Topology.RouterOn(e.key(), queue.orElse(""), names(m, "clients"), faults, seed, port(m));
    }

    private Topology.Source source(Located.Entry e) {
        if (!define(e, "source")) {
            return null;
        }
        Located.Mapping m = body(e, "source");
        if (m == null) {
            return null;
        }
        checkKeys(m, SOURCE_KEYS, "source '" + e.key() + "'");
        Optional<String> to = scalar(m, "to");
        if (to.isEmpty()) {
            problem(m.at(), "source '" + e.key() + "' needs to: QUEUE, the queue node it puts messages to");
        }
        String guarantee = word(m, "guarantee", "at-most-once", w -> Guarantee.parse(w).word());
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("generator", "messages", "file", "stdin")) {
            if (m.entries().containsKey(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problem(m.at(), "source '" + e.key() + "' needs exactly one of generator:, messages:, file: or stdin: true"
                    + (kinds.isEmpty() ? "" : ", got " + String.join(" and ", kinds)));
            return null;
        }
        double rate = number(m, "rate", 0, 0, 10_000_000);
        String to0 = to.orElse("");
        switch (kinds.get(0)) {
            case "generator" -> {
                Located g = m.entries().get("generator").value();
                Located.Mapping gm = g instanceof Located.Mapping x ? x : new Located.Mapping(Map.of(), g.at());
                if (!(g instanceof Located.Mapping) && !(g instanceof Located.Scalar s && s.text() == null)) {
                    problem(g.at(), "generator: takes count:, size:, rate: and format:, got " + g.kind());
                }
                checkKeys(gm, GENERATOR_KEYS, "generator of source '" + e.key() + "'");
                long count = number(gm, "count", 1000, 0, 100_000_000);
                int size = (int) number(gm, "size", 32, 12, 60_000);
                double r = number(gm, "rate", (long) rate, 0, 10_000_000);
                Topology.Format format = Topology.Format.valueOf(word(gm, "format", "text", w -> {
                    if (!w.equals("text") && !w.equals("number")) {
                        throw new IllegalArgumentException("format is text (letters after a stamp) or number "
                                + "(digits, for functions such as double), got '" + w + "'");
                    }
                    return w;
                }).toUpperCase(Locale.ROOT));
                return new Topology.Source(e.key(), to0, Topology.SourceKind.GENERATOR, count, size, r, format,
                        List.of(), null, guarantee);
            }
            case "messages" -> {
                List<String> messages = new ArrayList<>();
                for (Located item : listOf(m, "messages")) {
                    String t = text(item);
                    messages.add(t == null ? "" : t);
                }
                long repeat = number(m, "repeat", 1, 1, 100_000_000);
                return new Topology.Source(e.key(), to0, Topology.SourceKind.MESSAGES, repeat, 0, rate,
                        Topology.Format.TEXT, messages, null, guarantee);
            }
            case "file" -> {
                Optional<String> f = scalar(m, "file");
                Path p = f.map(x -> baseDir.resolve(x).normalize()).orElse(null);
                if (p != null && !Files.isReadable(p)) {
                    problem(m.entries().get("file").value().at(), "file '" + f.get() + "' of source '" + e.key()
                            + "' cannot be read (relative paths start at the topology file's folder)");
                }
                return new Topology.Source(e.key(), to0, Topology.SourceKind.FILE, 1, 0, rate, Topology.Format.TEXT,
                        List.of(), p, guarantee);
            }
            default -> {
                return new Topology.Source(e.key(), to0, Topology.SourceKind.STDIN, 1, 0, rate, Topology.Format.TEXT,
                        List.of(), null, guarantee);
            }
        }
    }

    private Topology.Sink sink(Located.Entry e) {
        if (!define(e, "sink")) {
            return null;
        }
        Located.Mapping m = body(e, "sink");
        if (m == null) {
            return null;
        }
        checkKeys(m, SINK_KEYS, "sink '" + e.key() + "'");
        Optional<String> from = scalar(m, "from");
        if (from.isEmpty()) {
            problem(m.at(), "sink '" + e.key() + "' needs from: QUEUE, the queue node it takes results from");
        }
        // The sink is the experiment's instrument: by default it leases, so a reply lost on a busy machine is
        // taken again rather than counted as a loss of the graph.
        String guarantee = word(m, "guarantee", "at-least-once", w -> Guarantee.parse(w).word());
        return new Topology.Sink(e.key(), from.orElse(""), guarantee);
    }

    private Topology.RunSettings runSettings(Located.Mapping top) {
        Optional<Located.Entry> r = entry(top, "run");
        if (r.isEmpty()) {
            return Topology.RunSettings.defaults();
        }
        if (!(r.get().value() instanceof Located.Mapping m)) {
            problem(r.get().value().at(), "run: takes timeout: and quiet:, e.g. run: {timeout: 60s, quiet: 2s}");
            return Topology.RunSettings.defaults();
        }
        checkKeys(m, RUN_KEYS, "run");
        return new Topology.RunSettings(duration(m, "timeout", Topology.RunSettings.DEFAULT_TIMEOUT),
                duration(m, "quiet", Topology.RunSettings.DEFAULT_QUIET));
    }

    // ---- small readers that report instead of throwing ----

    private void checkKeys(Located.Mapping m, Set<String> allowed, String where) {
        for (Located.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                String close = allowed.stream().filter(a -> near(a, e.key())).findFirst().map(a -> " (did you mean "
                        + a + "?)").orElse("");
                problem(e.keyAt(), "unknown key '" + e.key() + "' in " + where + close + ": the keys are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static boolean near(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return false;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()] <= 2;
    }

    private List<Located.Entry> section(Located.Mapping top, String key) {
        Optional<Located.Entry> e = entry(top, key);
        if (e.isEmpty() || (e.get().value() instanceof Located.Scalar s && s.text() == null)) {
            return List.of();
        }
        if (e.get().value() instanceof Located.Mapping m) {
            return new ArrayList<>(m.entries().values());
        }
        problem(e.get().value().at(), key + ": must be a mapping from names to settings, got " + e.get().value().kind());
        return List.of();
    }

    private static Optional<Located.Entry> entry(Located.Mapping m, String key) {
        return Optional.ofNullable(m.entries().get(key));
    }

    private static String text(Located l) {
        return l instanceof Located.Scalar s ? s.text() : null;
    }

    private Optional<String> scalar(Located.Mapping m, String key) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        String t = text(e.get().value());
        if (t == null || t.isBlank()) {
            problem(e.get().value().at(), key + ": needs a single value, got " + e.get().value().kind());
            return Optional.empty();
        }
        return Optional.of(t.strip());
    }

    private List<Located> listOf(Located.Mapping m, String key) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty() || (e.get().value() instanceof Located.Scalar s && s.text() == null)) {
            return List.of();
        }
        List<Located> items = e.get().value().asList();
        for (Located item : items) {
            if (!(item instanceof Located.Scalar)) {
                problem(item.at(), key + ": takes names or values, got " + item.kind());
            }
        }
        return items;
    }

    private List<String> names(Located.Mapping m, String key) {
        List<String> out = new ArrayList<>();
        for (Located item : listOf(m, key)) {
            String t = text(item);
            if (t != null) {
                out.add(t.strip());
            }
        }
        return out;
    }

    private int port(Located.Mapping m) {
        return (int) number(m, "port", 0, 0, 65_535);
    }

    private long number(Located.Mapping m, String key, long dflt, long min, long max) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return dflt;
        }
        String t = text(e.get().value());
        try {
            long v = Long.parseLong(t == null ? "" : t.strip().replace("_", ""));
            if (v < min || v > max) {
                problem(e.get().value().at(), key + ": must be " + min + "-" + max + ", got " + v);
                return dflt;
            }
            return v;
        } catch (NumberFormatException ex) {
            problem(e.get().value().at(), key + ": expected a whole number, got '" + t + "'");
            return dflt;
        }
    }

    private String word(Located.Mapping m, String key, String dflt, java.util.function.UnaryOperator<String> check) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return dflt;
        }
        String t = text(e.get().value());
        try {
            return check.apply(t == null ? "" : t.strip());
        } catch (IllegalArgumentException ex) {
            problem(e.get().value().at(), key + ": " + ex.getMessage());
            return dflt;
        }
    }

    private Duration duration(Located.Mapping m, String key, Duration dflt) {
        Optional<Located.Entry> e = entry(m, key);
        if (e.isEmpty()) {
            return dflt;
        }
        String t = String.valueOf(text(e.get().value())).strip();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()) * 60);
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        problem(e.get().value().at(), key + ": expected a duration such as 500ms, 30s or 2m, got '" + t + "'");
        return dflt;
    }
}
