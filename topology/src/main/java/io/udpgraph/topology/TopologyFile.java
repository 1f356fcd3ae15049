package io.udpgraph.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a topology file (YAML, schema in docs/TOPOLOGY.md) into a checked {@link Topology}, or a
 * {@link TopologyException} that lists every mistake with its line and column.
 */
public final class TopologyFile {

    private static final Set<String> TOP_KEYS = Set.of("name", "queues", "workers", "routers", "sources", "sinks",
            "expect", "run", "connectors", "schedule", "hosts");

    private TopologyFile() {
    }

    /** Reads and checks the file; relative file sources are resolved against its folder. */
    public static Topology read(Path file) throws TopologyException, IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), text, dir);
    }

    /** Parses and checks topology text; {@code fileName} names it in messages. */
    public static Topology parse(String fileName, String text, Path baseDir) throws TopologyException {
        Located root = LocatedYaml.read(fileName, text);
        FieldReader f = new FieldReader();
        Topology t = build(fileName, root, f, baseDir == null ? Path.of(".") : baseDir);
        if (f.hasProblems() || t == null) {
            List<TopologyProblem> sorted = new ArrayList<>(f.problems());
            sorted.sort(Comparator.comparingInt(TopologyProblem::line).thenComparingInt(TopologyProblem::column));
            throw new TopologyException(fileName, sorted);
        }
        return t;
    }

    private static Topology build(String fileName, Located root, FieldReader f, Path baseDir) {
        if (!(root instanceof Located.Mapping top)) {
            f.problem(root.at(), "a topology file is a mapping with queues:, workers:, sources:, sinks: "
                    + "(see docs/TOPOLOGY.md), got " + root.kind());
            return null;
        }
        f.checkKeys(top, TOP_KEYS, "the top level");
        String name = f.scalar(top, "name").orElse(fileName.replaceAll(".*/", "").replaceAll("\\.ya?ml$", ""));
        Places places = new Places();
        SectionReader r = new SectionReader(f, places, baseDir);
        Map<String, Topology.Queue> queues = nodes(f, top, "queues", r::queue);
        Map<String, Topology.Worker> workers = nodes(f, top, "workers", r::worker);
        Map<String, Topology.Source> sources = nodes(f, top, "sources", r::source);
        Map<String, Topology.Sink> sinks = nodes(f, top, "sinks", r::sink);
        Map<String, Topology.RouterOn> routers = nodes(f, top, "routers", r::router);
        Map<String, Topology.Connector> connectors = nodes(f, top, "connectors", r::connector);
        List<Expectation> expectations = r.expectations(top);
        Hosts hosts = HostsReader.read(f, top, places);
        Topology t = new Topology(name, queues, workers, routers, sources, sinks, expectations, r.runSettings(top),
                connectors, Schedule.NONE, hosts);
        GraphChecks.check(t, places, f, top.at());
        Schedule schedule = new ScheduleReader(f, t).read(top);
        return new Topology(name, queues, workers, routers, sources, sinks, expectations, t.run(), connectors,
                schedule, hosts);
    }

    /** The nodes of one section by name, in file order; a node {@code read} rejects (null) is left out. */
    private static <T> Map<String, T> nodes(FieldReader f, Located.Mapping top, String section,
                                            Function<Located.Entry, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Located.Entry e : f.section(top, section)) {
            T node = read.apply(e);
            if (node != null) {
                out.put(e.key(), node);
            }
        }
        return out;
    }
}
