package io.udpgraph.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Docker Compose file for a {@link ContainerPlan}: a service per queue, router and worker on one network, the
 * same image, ports and commands as in Kubernetes, the topology's files bind-mounted from {@code ./config}, and
 * the experiment as a service that waits for the queues to answer {@code SIZE}.
 *
 * @param services by name, in the plan's order, the experiment last
 * @param networks the one network every service is on
 * @param volumes  a named volume per durable queue
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ComposeFile(Map<String, Service> services, Map<String, Map<String, String>> networks,
                   Map<String, Map<String, String>> volumes) {
    /** The network every service is on. */
    static final String NETWORK = "udpgraph";
    /** Where the topology's files go, beside the Compose file. */
    static final String CONFIG_FOLDER = "config";

    /** One service; the field names are Compose's own. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Service(String image, List<String> command, List<String> expose, List<String> networks,
                   List<String> volumes, Healthcheck healthcheck, Deploy deploy,
                   @JsonProperty("depends_on") Map<String, Condition> dependsOn, String restart) {
    }

    /** A command whose success means the service is ready. */
    record Healthcheck(List<String> test, String interval, String timeout, int retries) {
    }

    /** How many containers of a service run: a worker's replicas. */
    record Deploy(int replicas) {
    }

    /** What a dependent service waits for: {@code service_started} or {@code service_healthy}. */
    record Condition(String condition) {
    }

    /** The Compose file that runs {@code plan} from {@code image}. */
    static ComposeFile of(ContainerPlan plan, String image) {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
        Map<String, Condition> ready = new LinkedHashMap<>();
        String config = "./" + CONFIG_FOLDER + ":" + ContainerPlan.CONFIG_DIR + ":ro";
        for (ContainerPlan.Container c : plan.containers) {
            List<String> expose = new ArrayList<>();
            if (c.udpPort() != 0) {
                expose.add(c.udpPort() + "/udp");
            }
            expose.add("" + ContainerPlan.METRICS_PORT);
            List<String> mounts = new ArrayList<>(List.of(config));
            if (c.durable()) {
                volumes.put(c.service() + "-data", Map.of());
                mounts.add(c.service() + "-data:" + ContainerPlan.DATA_DIR);
            }
            Healthcheck health = c.kind() != ContainerPlan.Kind.QUEUE ? null : new Healthcheck(List.of("CMD",
                    ContainerPlan.HOME + "/scripts/mq", "size", "127.0.0.1:" + c.udpPort()), "10s", "5s", 3);
            // a node resolves the names it sends to when it starts: those services must be up by then
            Map<String, Condition> needs = new LinkedHashMap<>();
            for (String s : c.sendsTo()) {
                needs.put(s, ready.get(s));
            }
            services.put(c.service(), new Service(image, c.command(), expose, List.of(NETWORK), mounts, health,
                    c.replicas() == 1 ? null : new Deploy(c.replicas()), needs, null));
            ready.put(c.service(), new Condition(health != null ? "service_healthy" : "service_started"));
        }
        // "no": a second run would feed the graph again and count the first run's results as duplicates
        services.put("experiment", new Service(image, plan.experiment, List.of(), List.of(NETWORK), List.of(config),
                null, null, ready, "no"));
        return new ComposeFile(services, Map.of(NETWORK, Map.of()), volumes);
    }

    /** The file as YAML. */
    String yaml() {
        ObjectMapper mapper = ContainerPlan.yamlMapper();
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Compose model did not serialise: " + e.getMessage(), e);
        }
    }
}
