package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code topology export --format compose} for every example: a service per node running the command the
 * Kubernetes container runs (both come from one {@link ContainerPlan}), the topology beside it in config/, and a file Debian's {@code docker-compose config} accepts
 * (skipped, saying why, where that command is missing).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ComposeExportTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.udpgraph.topology.KubernetesExportTest#examples")
    void everyExampleExportsToAServicePerNodeThatDockerComposeAccepts(Path example) throws Exception {
        Topology t = TopologyFile.read(example);
        Path dir = tmp.resolve("compose");
        Runs.Result r = Runs.topology(tmp, "export", example.toString(), "--format", "compose", "--output",
                dir.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(dir.resolve(ExportCommand.COMPOSE_FILE).toFile());
        assertEquals(Files.readString(example), Files.readString(dir.resolve("config/topology.yaml")));

        ContainerPlan plan = ContainerPlan.of(t, example, ContainerPlan.DEFAULT_ALLOW);
        List<String> nodes = new ArrayList<>(t.queues().keySet());
        nodes.addAll(t.routers().keySet());
        nodes.addAll(t.workers().keySet());
        for (String node : nodes) {
            JsonNode service = compose.get("services").get(ContainerPlan.dnsName(node));
            assertEquals(ExportCommand.DEFAULT_IMAGE, service.get("image").asText());
            assertEquals(plan.container(node).command(), strings(service.get("command")), node);
            assertEquals(List.of(ComposeFile.NETWORK), strings(service.get("networks")));
            assertEquals(List.of("./config:/etc/udpgraph:ro"), strings(service.get("volumes")).subList(0, 1));
        }
        for (Topology.Worker w : t.workers().values()) {
            JsonNode deploy = compose.get("services").get(ContainerPlan.dnsName(w.name())).get("deploy");
            assertEquals(w.replicas(), deploy == null ? 1 : deploy.get("replicas").asInt(), w.name());
        }
        for (Topology.Queue q : t.queues().values()) {
            JsonNode expose = compose.get("services").get(ContainerPlan.dnsName(q.name())).get("expose");
            assertEquals(List.of((q.port() == 0 ? ContainerPlan.DEFAULT_UDP_PORT : q.port()) + "/udp",
                    "" + ContainerPlan.METRICS_PORT), strings(expose));
        }
        JsonNode experiment = compose.get("services").get("experiment");
        assertEquals("no", experiment.get("restart").asText());
        assertEquals(nodes.size(), experiment.get("depends_on").size(), "the experiment waits for every node");

        dockerComposeConfigAccepts(dir);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code docker-compose config -q} in {@code dir}: exit 0, or the test is skipped where the command is missing. */
    private static void dockerComposeConfigAccepts(Path dir) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("docker-compose", "config", "-q").directory(dir.toFile()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            String reason = "docker-compose is not installed (apt-get install docker-compose): " + e.getMessage();
            System.out.println("ComposeExportTest: skipped docker-compose config: " + reason);
            Assumptions.abort(reason);
            return;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "docker-compose config ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "docker-compose config: " + out);
    }
}
