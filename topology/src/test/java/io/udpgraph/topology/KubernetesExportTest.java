package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.udpgraph.mq.MqServerCommand;
import io.udpgraph.router.RouterCommand;
import io.udpgraph.worker.VertexWorkerCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code topology export --format kubernetes} for every example, read back with fabric8's own deserializer into
 * typed objects and checked against the topology file: each Service's ports, each container's arguments, the
 * ConfigMap's keys, the replicas, the volume claims and the experiment Job.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesExportTest {

    @TempDir
    Path tmp;

    static Stream<Path> examples() throws Exception {
        try (Stream<Path> files = Files.list(Runs.EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private Map<String, HasMetadata> export(Path example) throws Exception {
        Runs.Result r = Runs.topology(tmp, "export", example.toString(), "--format", "kubernetes", "--output",
                tmp.toString(), "--image", "registry.example/udpgraph:1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        String yaml = Files.readString(tmp.resolve(ExportCommand.KUBERNETES_FILE), StandardCharsets.UTF_8);
        Object read = new KubernetesSerialization().unmarshal(yaml);
        List<?> objects = read instanceof List<?> l ? l : List.of(read);
        Map<String, HasMetadata> byKey = new LinkedHashMap<>();
        for (Object o : objects) {
            HasMetadata h = (HasMetadata) o;
            byKey.put(h.getKind() + "/" + h.getMetadata().getName(), h);
        }
        return byKey;
    }

    private static <T> T get(Map<String, HasMetadata> objects, Class<T> type, String kind, String name) {
        HasMetadata o = objects.get(kind + "/" + name);
        assertNotNull(o, kind + "/" + name + " in " + objects.keySet());
        return type.cast(o);
    }

    private static Container only(PodTemplateSpec pod) {
        assertEquals(1, pod.getSpec().getContainers().size());
        return pod.getSpec().getContainers().get(0);
    }

    /** The value after each {@code flag} in {@code args}. */
    private static List<String> values(List<String> args, String flag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(flag)) {
                out.add(args.get(i + 1));
            }
        }
        return out;
    }

    private static String value(List<String> args, String flag) {
        List<String> v = values(args, flag);
        assertEquals(1, v.size(), flag + " once in " + args);
        return v.get(0);
    }

    /** The arguments after the script, which the node's own command line must accept. */
    private static List<String> args(Container c, String script, Object command) {
        List<String> all = c.getCommand();
        assertEquals(ContainerPlan.HOME + "/scripts/" + script, all.get(0));
        List<String> args = all.subList(1, all.size());
        new CommandLine(command).parseArgs(args.toArray(new String[0]));
        return args;
    }

    private static int udpPort(int filePort) {
        return filePort == 0 ? ContainerPlan.DEFAULT_UDP_PORT : filePort;
    }

    private static String dns(String node) {
        return ContainerPlan.dnsName(node);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleExportsToObjectsThatMatchItsTopology(Path example) throws Exception {
        Topology t = TopologyFile.read(example);
        Map<String, HasMetadata> objects = export(example);
        String graph = dns(t.name());

        ConfigMap config = get(objects, ConfigMap.class, "ConfigMap", graph + "-topology");
        assertEquals(Files.readString(example, StandardCharsets.UTF_8), config.getData().get("topology.yaml"));
        assertEquals(List.of("topology.yaml"), List.copyOf(config.getData().keySet()));

        for (Topology.Queue q : t.queues().values()) {
            Service s = get(objects, Service.class, "Service", dns(q.name()));
            assertServicePorts(s, udpPort(q.port()));
            boolean durable = q.durable() || q.dataDir() != null;
            PodTemplateSpec pod;
            if (durable) {
                StatefulSet set = get(objects, StatefulSet.class, "StatefulSet", dns(q.name()));
                assertEquals("1Gi", set.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                        .getRequests().get("storage").toString());
                pod = set.getSpec().getTemplate();
            } else {
                pod = get(objects, Deployment.class, "Deployment", dns(q.name())).getSpec().getTemplate();
            }
            Container c = only(pod);
            assertEquals("registry.example/udpgraph:1", c.getImage());
            List<String> args = args(c, "mq-server", new MqServerCommand());
            assertEquals("" + udpPort(q.port()), value(args, "--port"));
            assertEquals(q.name(), value(args, "--name"));
            assertEquals("" + q.capacity(), value(args, "--capacity"));
            assertEquals("" + q.maxDeliveries(), value(args, "--max-deliveries"));
            assertEquals("0.0.0.0", value(args, "--bind"));
            assertEquals(ContainerPlan.DEFAULT_ALLOW, values(args, "--allow"));
            assertEquals(durable ? List.of(ContainerPlan.DATA_DIR) : List.of(), values(args, "--data-dir"));
            assertEquals(List.of("/opt/udpgraph/scripts/mq", "size", "127.0.0.1:" + udpPort(q.port())),
                    c.getReadinessProbe().getExec().getCommand(), "ready when it answers SIZE");
            assertEquals("true", pod.getMetadata().getAnnotations().get("prometheus.io/scrape"));
            assertEquals("" + ContainerPlan.METRICS_PORT, pod.getMetadata().getAnnotations().get("prometheus.io/port"));
        }
        for (Topology.RouterOn r : t.routers().values()) {
            assertServicePorts(get(objects, Service.class, "Service", dns(r.name())), udpPort(r.port()));
            Container c = only(get(objects, Deployment.class, "Deployment", dns(r.name())).getSpec().getTemplate());
            List<String> args = args(c, "router", new RouterCommand());
            assertEquals("0.0.0.0:" + udpPort(r.port()), value(args, "--listen"));
            assertEquals(dns(r.queue()) + ":" + udpPort(t.queues().get(r.queue()).port()), value(args, "--upstream"));
            assertEquals("" + r.seed(), value(args, "--seed"));
            for (var f : r.faults()) {
                assertTrue(values(args, "--" + f.kind()).contains(f.value()), f + " in " + args);
            }
            assertEquals("/metrics", c.getReadinessProbe().getHttpGet().getPath());
        }
        for (Topology.Worker w : t.workers().values()) {
            Deployment d = get(objects, Deployment.class, "Deployment", dns(w.name()));
            assertEquals(w.replicas(), d.getSpec().getReplicas());
            assertFalse(objects.containsKey("Service/" + dns(w.name())), "a worker serves no clients");
            List<String> args = args(only(d.getSpec().getTemplate()), "vertex-worker", new VertexWorkerCommand());
            assertEquals(w.inputs().stream().map(q -> reach(t, w.name(), q)).toList(), values(args, "--input"));
            assertEquals(w.outputs().stream().map(q -> reach(t, w.name(), q)).toList(), values(args, "--output"));
            assertEquals(w.guarantee(), value(args, "--guarantee"));
            assertEquals(w.function(), value(args, "--function"));
            assertEquals(w.args(), args.subList(args.indexOf("--function") + 2, args.size()));
        }

        Job job = get(objects, Job.class, "Job", graph + "-experiment");
        assertEquals(0, job.getSpec().getBackoffLimit(), "a second run would count the first's results twice");
        List<String> run = only(job.getSpec().getTemplate()).getCommand();
        assertEquals(List.of(ContainerPlan.HOME + "/scripts/topology", "run", "/etc/udpgraph/topology.yaml"),
                run.subList(0, 3));
        List<String> attach = new ArrayList<>();
        t.queues().values().forEach(q -> attach.add(q.name() + "=" + dns(q.name()) + ":" + udpPort(q.port())));
        t.routers().values().forEach(r -> attach.add(r.name() + "=" + dns(r.name()) + ":" + udpPort(r.port())));
        assertEquals(attach, values(run, "--attach"));
    }

    /** Where a worker of {@code t} reaches {@code queue}: the router's Service in between, or the queue's. */
    private static String reach(Topology t, String client, String queue) {
        return t.routerBetween(client, queue).map(r -> dns(r.name()) + ":" + udpPort(r.port()))
                .orElse(dns(queue) + ":" + udpPort(t.queues().get(queue).port()));
    }

    private static void assertServicePorts(Service s, int udp) {
        List<ServicePort> ports = s.getSpec().getPorts();
        assertEquals(2, ports.size(), ports.toString());
        assertEquals("UDP", ports.get(0).getProtocol());
        assertEquals(udp, ports.get(0).getPort());
        assertEquals(udp, ports.get(0).getTargetPort().getIntVal());
        assertEquals("TCP", ports.get(1).getProtocol());
        assertEquals(ContainerPlan.METRICS_PORT, ports.get(1).getPort());
        assertEquals(Map.of("app.kubernetes.io/name", s.getMetadata().getName()), s.getSpec().getSelector());
    }
}
