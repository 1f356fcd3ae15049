package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code topology export}'s command line: help, usage errors, what it refuses, and the files it carries along. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExportCommandTest {

    @TempDir
    Path tmp;

    private static final String GRAPH = """
            name: Small_Graph
            queues:
              In_Q: {}
              out: {port: 11000}
            workers:
              shout: {python_function: functions/shout.py, inputs: [In_Q], outputs: [out]}
            sources:
              words: {to: In_Q, file: data/words.txt}
            sinks:
              results: {from: out}
            """;

    private Path graph(String yaml) throws Exception {
        Files.createDirectories(tmp.resolve("functions"));
        Files.writeString(tmp.resolve("functions/shout.py"), "def shout(s):\n    return s.upper()\n");
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/words.txt"), "one\ntwo\n");
        Path f = tmp.resolve("graph.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void helpNamesBothFormatsAndTheImage() throws Exception {
        Runs.Result r = Runs.topology(tmp, "export", "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("--format=kubernetes|compose"), r.out());
        assertTrue(r.out().contains("--image=NAME"), r.out());
        assertTrue(r.out().contains(ExportCommand.DEFAULT_IMAGE), r.out());
    }

    @Test
    void anUnknownFormatIsAUsageErrorNamingBoth() throws Exception {
        Runs.Result r = Runs.topology(tmp, "export", graph(GRAPH).toString(), "--format", "helm");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("expected kubernetes or compose, got 'helm'"), r.err());
    }

    @Test
    void anUnwritableOutputFailsSayingWhere() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Runs.Result r = Runs.topology(tmp, "export", graph(GRAPH).toString(), "--format", "compose", "--output",
                file.resolve("deploy").toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("cannot write to " + file.resolve("deploy")), r.err());
        assertTrue(r.err().contains("give --output a folder you can write"), r.err());
    }

    @Test
    void composeToStdoutIsAUsageErrorAskingForAFolder() throws Exception {
        Runs.Result r = Runs.topology(tmp, "export", graph(GRAPH).toString(), "--format", "compose", "--output", "-");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("give --output a folder"), r.err());
    }

    @Test
    void connectorsAreRefusedWithWhatToDoInstead() throws Exception {
        Path f = graph("""
                queues:
                  in: {}
                connectors:
                  feed: {kind: tcp-in, listen: 127.0.0.1:0, to: in, framing: u32}
                sinks:
                  results: {from: in}
                """);
        Runs.Result r = Runs.topology(tmp, "export", f.toString(), "--format", "kubernetes");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("connectors (feed) are not exported yet"), r.err());
    }

    @Test
    void functionAndSourceFilesGoIntoTheConfigMapAtTheirPathsAndNamesBecomeDnsLabels() throws Exception {
        Runs.Result r = Runs.topology(tmp, "export", graph(GRAPH).toString(), "--format", "kubernetes", "--output", "-");
        assertEquals(0, r.exitCode(), r.err());
        List<?> objects = new KubernetesSerialization().unmarshal(r.out());
        ConfigMap config = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .findFirst().orElseThrow();
        assertEquals("small-graph-topology", config.getMetadata().getName());
        assertEquals(List.of("topology.yaml", "functions_shout.py", "data_words.txt"),
                List.copyOf(config.getData().keySet()));
        assertEquals("one\ntwo\n", config.getData().get("data_words.txt"));
        Deployment shout = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("shout")).findFirst().orElseThrow();
        List<String> command = shout.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
        assertEquals("/etc/udpgraph/functions/shout.py", command.get(command.indexOf("--python-function") + 1));
        assertTrue(String.join(" ", command).contains("--input in-q:10000 --output out:11000"), command.toString());
        List<KeyToPath> items = shout.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getItems();
        assertEquals(List.of("topology.yaml", "functions/shout.py", "data/words.txt"),
                items.stream().map(KeyToPath::getPath).toList());
        assertFalse(objects.stream().map(o -> ((HasMetadata) o).getMetadata().getName()).anyMatch(n -> n.contains("_")));
    }

    @Test
    void aFileOutsideTheTopologysFolderIsRefusedWithWhatToDo() throws Exception {
        Path outside = Files.writeString(tmp.resolve("elsewhere.txt"), "x\n");
        Path sub = Files.createDirectories(tmp.resolve("graphs"));
        Path f = Files.writeString(sub.resolve("g.yaml"), """
                queues:
                  a: {}
                sources:
                  s: {to: a, file: ../elsewhere.txt}
                sinks:
                  k: {from: a}
                """);
        Runs.Result r = Runs.topology(tmp, "export", f.toString(), "--format", "compose", "--output",
                tmp.resolve("out").toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("outside the topology file's folder") && r.err().contains(outside.getFileName()
                .toString()), r.err());
    }
}
