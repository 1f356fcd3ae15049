package io.udpgraph.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import tools.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects that run a {@link ContainerPlan}, built with fabric8's typed model: per queue and router
 * a Service (its UDP port and the metrics port) and a Deployment (a StatefulSet with a volume claim for a durable
 * queue); per worker a Deployment with its replicas; one ConfigMap with the topology file; and the experiment Job.
 * Nodes reach each other at their Services' DNS names.
 */
final class KubernetesManifests {
    /** The volume claim of a durable queue when nothing else is asked for. */
    static final String DEFAULT_STORAGE = "1Gi";
    private static final String CONFIG_VOLUME = "topology";
    private static final String DATA_VOLUME = "data";

    private KubernetesManifests() {
    }

    /** Every object, ConfigMap first so the pods that mount it find it, the experiment Job last. */
    static List<HasMetadata> of(ContainerPlan plan, String image) {
        List<HasMetadata> out = new ArrayList<>();
        String config = plan.name + "-topology";
        out.add(new ConfigMapBuilder().withMetadata(meta(config, plan, "topology"))
                .withData(configData(plan)).build());
        for (ContainerPlan.Container c : plan.containers) {
            String component = c.kind().name().toLowerCase(java.util.Locale.ROOT);
            if (c.kind() != ContainerPlan.Kind.WORKER) {
                out.add(new ServiceBuilder().withMetadata(meta(c.service(), plan, component)).withNewSpec()
                        .withSelector(Map.of("app.kubernetes.io/name", c.service()))
                        .withPorts(new ServicePortBuilder().withName("udp").withProtocol("UDP").withPort(c.udpPort())
                                        .withTargetPort(new IntOrString(c.udpPort())).build(),
                                new ServicePortBuilder().withName("metrics").withProtocol("TCP")
                                        .withPort(ContainerPlan.METRICS_PORT)
                                        .withTargetPort(new IntOrString(ContainerPlan.METRICS_PORT)).build())
                        .endSpec().build());
            }
            PodTemplateSpec pod = pod(plan, c, image, config, component);
            ObjectMeta meta = meta(c.service(), plan, component);
            if (c.durable()) {
                out.add(new StatefulSetBuilder().withMetadata(meta).withNewSpec().withServiceName(c.service())
                        .withReplicas(1).withNewSelector().withMatchLabels(selector(c)).endSelector()
                        .withTemplate(pod)
                        .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata()
                                .withName(DATA_VOLUME).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                                .withNewResources().addToRequests("storage", new Quantity(DEFAULT_STORAGE))
                                .endResources().endSpec().build())
                        .endSpec().build());
            } else {
                out.add(new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(c.replicas())
                        .withNewSelector().withMatchLabels(selector(c)).endSelector().withTemplate(pod)
                        .endSpec().build());
            }
        }
        PodSpec experiment = new PodSpecBuilder().withRestartPolicy("Never")
                .withContainers(new ContainerBuilder().withName("experiment").withImage(image)
                        .withCommand(plan.experiment).withVolumeMounts(configMount()).build())
                .withVolumes(configVolume(plan, config)).build();
        // no retries: a second run would feed the graph again and count the first run's results as duplicates
        out.add(new JobBuilder().withMetadata(meta(plan.name + "-experiment", plan, "experiment")).withNewSpec()
                .withBackoffLimit(0).withNewTemplate().withNewMetadata()
                .withLabels(labels(plan.name + "-experiment", plan, "experiment")).endMetadata()
                .withSpec(experiment).endTemplate().endSpec().build());
        return out;
    }

    /**
     * The objects as one YAML stream, a document each, ready for {@code kubectl apply -f}. The model carries
     * Jackson 3 annotations (a port's IntOrString, a Quantity), so Jackson 3 writes each object, empty fields left
     * out as kubectl does, and the YAML writer the project already uses renders that tree.
     */
    static String yaml(List<HasMetadata> objects) {
        JsonMapper model = JsonMapper.builder().changeDefaultPropertyInclusion(
                i -> JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY)).build();
        ObjectMapper tree = new ObjectMapper();
        ObjectMapper yaml = ContainerPlan.yamlMapper();
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) {
            try {
                out.append(yaml.writeValueAsString(tree.readTree(model.writeValueAsString(o))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a typed object did not serialise: " + e.getMessage(), e);
            }
        }
        return out.toString();
    }

    private static PodTemplateSpec pod(ContainerPlan plan, ContainerPlan.Container c, String image, String config,
                                       String component) {
        List<ContainerPort> ports = new ArrayList<>();
        if (c.udpPort() != 0) {
            ports.add(new ContainerPortBuilder().withName("udp").withProtocol("UDP")
                    .withContainerPort(c.udpPort()).build());
        }
        ports.add(new ContainerPortBuilder().withName("metrics").withProtocol("TCP")
                .withContainerPort(ContainerPlan.METRICS_PORT).build());
        ContainerBuilder container = new ContainerBuilder().withName(c.kind().script).withImage(image)
                .withCommand(c.command()).withPorts(ports).withReadinessProbe(readiness(c))
                .addToVolumeMounts(configMount());
        if (c.durable()) {
            container.addToVolumeMounts(new VolumeMountBuilder().withName(DATA_VOLUME)
                    .withMountPath(ContainerPlan.DATA_DIR).build());
        }
        Map<String, String> scrape = new LinkedHashMap<>();
        scrape.put("prometheus.io/scrape", "true");
        scrape.put("prometheus.io/port", "" + ContainerPlan.METRICS_PORT);
        scrape.put("prometheus.io/path", "/metrics");
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels(c.service(), plan, component))
                .withAnnotations(scrape).endMetadata()
                .withNewSpec().withContainers(container.build()).withVolumes(configVolume(plan, config)).endSpec()
                .build();
    }

    /**
     * A queue is ready when it answers {@code SIZE} on its own port (the protocol, through the image's
     * {@code scripts/mq}); a router or worker when it serves its metrics: a SIZE through a router would meet its
     * faults.
     */
    private static Probe readiness(ContainerPlan.Container c) {
        ProbeBuilder probe = new ProbeBuilder().withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(3);
        if (c.kind() == ContainerPlan.Kind.QUEUE) {
            return probe.withNewExec().withCommand(ContainerPlan.HOME + "/scripts/mq", "size",
                    "127.0.0.1:" + c.udpPort()).endExec().build();
        }
        return probe.withNewHttpGet().withPath("/metrics").withPort(new IntOrString(ContainerPlan.METRICS_PORT))
                .endHttpGet().build();
    }

    private static io.fabric8.kubernetes.api.model.VolumeMount configMount() {
        return new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(ContainerPlan.CONFIG_DIR)
                .withReadOnly(true).build();
    }

    /** The ConfigMap as a volume, each file at its path under the topology file's folder. */
    private static io.fabric8.kubernetes.api.model.Volume configVolume(ContainerPlan plan, String config) {
        List<io.fabric8.kubernetes.api.model.KeyToPath> items = new ArrayList<>();
        for (ContainerPlan.ConfigFile f : plan.files) {
            items.add(new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(f.key()).withPath(f.path()).build());
        }
        return new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(CONFIG_VOLUME).withNewConfigMap()
                .withName(config).withItems(items).endConfigMap().build();
    }

    private static Map<String, String> configData(ContainerPlan plan) {
        Map<String, String> data = new LinkedHashMap<>();
        for (ContainerPlan.ConfigFile f : plan.files) {
            data.put(f.key(), f.text());
        }
        return data;
    }

    private static ObjectMeta meta(String name, ContainerPlan plan, String component) {
        return new ObjectMetaBuilder().withName(name).withLabels(labels(name, plan, component)).build();
    }

    private static Map<String, String> selector(ContainerPlan.Container c) {
        return Map.of("app.kubernetes.io/name", c.service());
    }

    private static Map<String, String> labels(String name, ContainerPlan plan, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", name);
        labels.put("app.kubernetes.io/component", component);
        labels.put("app.kubernetes.io/part-of", plan.name);
        return labels;
    }
}
