package io.udpgraph.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.udpgraph.runtime.Logging;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A topology laid out for an orchestrator, whichever it is: one container per queue node, router and worker
 * (a worker's replicas share one), each reaching the others by its service name on fixed ports, the files the
 * containers read, and the experiment that feeds and checks the graph as {@code topology run} does. Host
 * placement in the file plays no part: in an orchestrator every node is a service name.
 */
final class ContainerPlan {
    /** Where the image keeps the project: its scripts run the nodes. */
    static final String HOME = "/opt/udpgraph";
    /** Where the containers find the topology file and the files it names (a ConfigMap, a bind mount). */
    static final String CONFIG_DIR = "/etc/udpgraph";
    /** The name of the topology file there. */
    static final String TOPOLOGY_KEY = "topology.yaml";
    /** Where a durable queue keeps its log: a volume of its own. */
    static final String DATA_DIR = "/data";
    /** The port every node serves Prometheus metrics on; each has an address of its own, so one port serves all. */
    static final int METRICS_PORT = 9100;
    /** The UDP port of a queue or router whose file sets none. */
    static final int DEFAULT_UDP_PORT = io.udpgraph.mq.QueueConfig.DEFAULT_PORT;
    /** The private address blocks, where pods and Compose networks take their addresses. */
    static final List<String> DEFAULT_ALLOW = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

    /** What a container runs. */
    enum Kind {
        QUEUE("mq-server"), ROUTER("router"), WORKER("vertex-worker");

        /** The script in {@code HOME/scripts} that starts this kind of node. */
        final String script;

        Kind(String script) {
            this.script = script;
        }
    }

    /**
     * One container: {@code service} is its DNS name (a Kubernetes Service, a Compose service), {@code node} the
     * name in the file; {@code udpPort} is 0 for a worker, which serves no clients; a {@code durable} queue keeps
     * its log in {@link #DATA_DIR}; {@code sendsTo} names the services it sends datagrams to.
     */
    record Container(String service, String node, Kind kind, List<String> command, int udpPort, int replicas,
                     boolean durable, List<String> sendsTo) {
        Container {
            command = List.copyOf(command);
            sendsTo = List.copyOf(sendsTo);
        }
    }

    /** A file the containers read: its ConfigMap key, its path under {@link #CONFIG_DIR}, and its text. */
    record ConfigFile(String key, String path, String text) {
    }

    final String name;
    final List<Container> containers;
    final List<ConfigFile> files;
    /** The experiment's command: {@code topology run --attach} against the services. */
    final List<String> experiment;
    /** What the orchestrator's run will not do as {@code topology run} does, for the user to read. */
    final List<String> notes;

    private ContainerPlan(String name, List<Container> containers, List<ConfigFile> files, List<String> experiment,
                          List<String> notes) {
        this.name = name;
        this.containers = List.copyOf(containers);
        this.files = List.copyOf(files);
        this.experiment = List.copyOf(experiment);
        this.notes = List.copyOf(notes);
    }

    /**
     * Lays out {@code t}, read from {@code file}; nodes answer datagrams from {@code allow} (CIDR blocks).
     *
     * @throws ExportException when the graph holds what no container can run yet (connectors), or names a file
     *                         outside the topology file's folder
     */
    static ContainerPlan of(Topology t, Path file, List<String> allow) throws ExportException, IOException {
        Map<String, String> services = serviceNames(t);
        Path folder = file.toAbsolutePath().getParent();
        List<String> notes = new ArrayList<>();
        if (!t.connectors().isEmpty()) {
            throw new ExportException("connectors (" + String.join(", ", t.connectors().keySet()) + ") are not "
                    + "exported yet: leave them out of the file, and run scripts/connector beside the graph, pointed "
                    + "at the queues' services");
        }
        if (!t.schedule().steps().isEmpty()) {
            notes.add("the schedule is not run: its steps act on nodes that topology run starts itself (kill and "
                    + "restart them with kubectl or docker-compose instead)");
        }
        List<ConfigFile> files = new ArrayList<>();
        files.add(new ConfigFile(TOPOLOGY_KEY, TOPOLOGY_KEY, Files.readString(file, StandardCharsets.UTF_8)));
        NodeArgs args = new NodeArgs(t, wiring(t, services), Logging.LogLevel.INFO, allow);
        List<Container> out = new ArrayList<>();
        for (Topology.Queue q : t.queues().values()) {
            boolean durable = q.dataDir() != null || q.durable();
            out.add(container(services, q.name(), Kind.QUEUE, args.queue(q), port(q.port()), 1, durable, List.of()));
        }
        for (Topology.RouterOn r : t.routers().values()) {
            if (r.eventLog() != null) {
                notes.add("router " + r.name() + " keeps no event log: " + r.eventLog() + " is on this machine");
                r = new Topology.RouterOn(r.name(), r.queue(), r.clients(), r.faults(), r.seed(), r.port(), 0, null);
            }
            out.add(container(services, r.name(), Kind.ROUTER, args.router(r, 0), port(r.port()), 1, false,
                    List.of(r.queue())));
        }
        for (Topology.Worker w : t.workers().values()) {
            Path function = null;
            if (w.pythonFunction() != null) {
                ConfigFile f = configFile(folder, w.pythonFunction(), w.name());
                files.add(f);
                function = Path.of(CONFIG_DIR, f.path());
            }
            List<String> sendsTo = new ArrayList<>();
            for (String q : w.inputs()) {
                sendsTo.add(args.via(w.name(), q));
            }
            for (String q : w.outputs()) {
                sendsTo.add(args.via(w.name(), q));
            }
            out.add(container(services, w.name(), Kind.WORKER, args.worker(w, w.name(), 1, function), 0,
                    w.replicas(), false, sendsTo));
        }
        List<String> experiment = new ArrayList<>(List.of(HOME + "/scripts/topology", "run",
                CONFIG_DIR + "/" + TOPOLOGY_KEY, "--no-progress"));
        for (Container c : out) {
            if (c.kind() != Kind.WORKER) {
                experiment.addAll(List.of("--attach", c.node() + "=" + c.service() + ":" + c.udpPort()));
            }
        }
        for (Topology.Source s : t.sources().values()) {
            if (s.kind() == Topology.SourceKind.FILE) {
                files.add(configFile(folder, s.file(), s.name()));
            } else if (s.kind() == Topology.SourceKind.STDIN) {
                notes.add("source " + s.name() + " reads stdin, which the experiment has none of: it sends nothing");
            }
        }
        return new ContainerPlan(dnsName(t.name()), out, files, experiment, notes);
    }

    /** A YAML writer for manifests: plain scalars where YAML allows, numbers and words like {@code no} quoted. */
    static ObjectMapper yamlMapper() {
        return new ObjectMapper(YAMLFactory.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build());
    }

    /** The container of the node named {@code node}. */
    Container container(String node) {
        return containers.stream().filter(c -> c.node().equals(node)).findFirst().orElseThrow();
    }

    private static Container container(Map<String, String> services, String node, Kind kind, List<String> args,
                                       int udpPort, int replicas, boolean durable, List<String> sendsTo) {
        List<String> command = new ArrayList<>();
        command.add(HOME + "/scripts/" + kind.script);
        command.addAll(args);
        return new Container(services.get(node), node, kind, command, udpPort, replicas, durable,
                sendsTo.stream().distinct().map(services::get).toList());
    }

    private static int port(int filePort) {
        return filePort != 0 ? filePort : DEFAULT_UDP_PORT;
    }

    /** Every node at its service name, on its file's port or the default, metrics on one port, logs in /data. */
    private static NodeArgs.Wiring wiring(Topology t, Map<String, String> services) {
        return new NodeArgs.Wiring() {
            @Override
            public String host(String node) {
                return services.get(node);
            }

            @Override
            public String bind(String node) {
                return "0.0.0.0"; // a container's address is the orchestrator's choice
            }

            @Override
            public int port(String node) {
                Topology.Queue q = t.queues().get(node);
                return ContainerPlan.port(q != null ? q.port() : t.routers().get(node).port());
            }

            @Override
            public int metricsPort(String node) {
                return METRICS_PORT;
            }

            @Override
            public Path dataDir(Topology.Queue q) {
                return q.dataDir() != null || q.durable() ? Path.of(DATA_DIR) : null;
            }
        };
    }

    /** A file named by the topology, kept at its path relative to the topology file's folder. */
    private static ConfigFile configFile(Path folder, Path named, String node) throws ExportException, IOException {
        Path relative = folder.relativize(named.toAbsolutePath().normalize());
        if (relative.startsWith("..") || relative.isAbsolute()) {
            throw new ExportException(node + " names " + named + ", outside the topology file's folder " + folder
                    + ": copy it beside the topology file and name it there, so the containers find it");
        }
        String path = relative.toString().replace('\\', '/');
        return new ConfigFile(path.replaceAll("[^-._a-zA-Z0-9]", "_"), path,
                Files.readString(named, StandardCharsets.UTF_8));
    }

    /**
     * Each queue, router and worker's DNS name (RFC 1123 label: lowercase letters, digits and '-', at most 63,
     * starting with a letter) by node name.
     *
     * @throws ExportException when two nodes would get the same name
     */
    static Map<String, String> serviceNames(Topology t) throws ExportException {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> taken = new LinkedHashMap<>();
        List<String> nodes = new ArrayList<>(t.queues().keySet());
        nodes.addAll(t.routers().keySet());
        nodes.addAll(t.workers().keySet());
        for (String node : nodes) {
            String dns = dnsName(node);
            String before = taken.putIfAbsent(dns, node);
            if (before != null) {
                throw new ExportException("nodes " + before + " and " + node + " would both be the service " + dns
                        + ": rename one (services are lowercase letters, digits and '-')");
            }
            out.put(node, dns);
        }
        return out;
    }

    /** {@code name} as an RFC 1123 label. */
    static String dnsName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "n-" + s;
        }
        return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    }
}
