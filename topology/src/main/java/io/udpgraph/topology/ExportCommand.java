package io.udpgraph.topology;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code topology export FILE --format kubernetes|compose}: the graph as an orchestrator runs it (docs/DEPLOY.md). */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes what an orchestrator needs to run the graph: Kubernetes manifests (a Service and a "
                + "Deployment or StatefulSet per queue and router, a Deployment per worker, a ConfigMap with the "
                + "topology, an experiment Job) or a Docker Compose file (a service per node on one network). Nodes "
                + "reach each other by service name; the experiment feeds and checks the graph as topology run does.",
            "",
            "  topology export examples/pipeline.yaml --format kubernetes --output deploy",
            "  kubectl apply -f deploy/kubernetes.yaml && kubectl logs -f job/pipeline-experiment",
            "  topology export examples/pipeline.yaml --format compose --output deploy",
            "  cd deploy && docker-compose up -d && docker-compose logs -f experiment", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the output could not be written",
            "2:a bad topology file, one that cannot be exported, or bad usage"})
final class ExportCommand extends TopologyCommand.FileCommand {
    /** The image the manifests name unless {@code --image} says otherwise: the Dockerfile's, built locally. */
    static final String DEFAULT_IMAGE = "udpgraph:latest";
    /** The Kubernetes manifests' file name in the output folder. */
    static final String KUBERNETES_FILE = "kubernetes.yaml";
    /** The Compose file's name in the output folder. */
    static final String COMPOSE_FILE = "docker-compose.yaml";

    /** What to write. */
    enum Format { KUBERNETES, COMPOSE }

    @Option(names = "--format", required = true, paramLabel = "kubernetes|compose", converter = FormatConverter.class,
            description = "kubernetes: one YAML stream for kubectl apply; compose: docker-compose.yaml and the "
                    + "topology's files in config/.")
    Format format;

    @Option(names = "--image", paramLabel = "NAME", defaultValue = DEFAULT_IMAGE,
            description = "The image every container runs (docker build -t NAME . at the project's root). "
                    + "Default: ${DEFAULT-VALUE}.")
    String image;

    @Option(names = "--output", paramLabel = "DIR", description = "The folder to write into (created when missing); "
            + "- prints the Kubernetes manifests to stdout. Default: NAME-FORMAT after the topology's name.")
    Path output;

    @Option(names = "--allow", paramLabel = "CIDR", description = "The address blocks the nodes answer besides "
            + "loopback (repeatable). Default: the private blocks 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16.")
    List<String> allow = new ArrayList<>();

    @Override
    Integer call(Topology t, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        ContainerPlan plan;
        try {
            plan = ContainerPlan.of(t, file, allow.isEmpty() ? ContainerPlan.DEFAULT_ALLOW : allow);
        } catch (ExportException e) {
            err.println("topology: cannot export " + file + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("topology: cannot read a file " + file + " names: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (String note : plan.notes) {
            err.println("topology: note: " + note);
        }
        Map<String, String> files = new TreeMap<>();
        String next;
        if (format == Format.KUBERNETES) {
            List<HasMetadata> objects = KubernetesManifests.of(plan, image);
            String yaml = KubernetesManifests.yaml(objects);
            if (output != null && output.toString().equals("-")) {
                out.print(yaml);
                return ExitCodes.OK;
            }
            files.put(KUBERNETES_FILE, yaml);
            next = "kubectl apply -f " + dir(plan).resolve(KUBERNETES_FILE) + "\n  kubectl logs -f job/" + plan.name
                    + "-experiment";
        } else {
            if (output != null && output.toString().equals("-")) {
                err.println("topology: --output - prints only Kubernetes manifests; a Compose file comes with the "
                        + "topology's files beside it: give --output a folder");
                return ExitCodes.USAGE;
            }
            files.put(COMPOSE_FILE, ComposeFile.of(plan, image).yaml());
            for (ContainerPlan.ConfigFile f : plan.files) {
                files.put(ComposeFile.CONFIG_FOLDER + "/" + f.path(), f.text());
            }
            next = "cd " + dir(plan) + " && docker-compose up -d && docker-compose logs -f experiment";
        }
        try {
            write(dir(plan), files);
        } catch (IOException e) {
            err.println("topology: cannot write to " + dir(plan) + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): give --output a folder you can write");
            return ExitCodes.FAILURE;
        }
        out.println("wrote " + String.join(", ", files.keySet()) + " to " + dir(plan) + " for the image " + image);
        out.println("  " + next);
        return ExitCodes.OK;
    }

    private Path dir(ContainerPlan plan) {
        return output != null ? output : Path.of(plan.name + "-" + format.name().toLowerCase(Locale.ROOT));
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path to = dir.resolve(f.getKey());
            Files.createDirectories(to.getParent());
            Files.writeString(to, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Reads {@code --format} in either case, and names both formats when it is neither. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected kubernetes or compose, got '" + value + "'");
            }
        }
    }
}
