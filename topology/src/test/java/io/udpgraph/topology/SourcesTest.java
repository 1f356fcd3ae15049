package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of source, through a one-worker graph, checked against what the worker's function makes of it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SourcesTest {

    @TempDir
    Path tmp;

    private Report run(String sourceBody, String function, String stdin) throws Exception {
        String yaml = """
                queues:
                  a: {}
                  b: {}
                workers:
                  w: {function: %s, inputs: [a], outputs: [b]}
                sources:
                  src: {to: a, %s}
                sinks:
                  out: {from: b}
                run: {quiet: 1s}
                """.formatted(function, sourceBody);
        Path file = tmp.resolve("t.yaml");
        Files.writeString(file, yaml);
        Topology t = TopologyFile.read(file);
        return new Experiment(t, topology -> {
            try {
                return InProcessGraph.start(topology);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "in-process", new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null).run();
    }

    @Test
    void aFileSourceSendsEachLineAndTheSinkExpectsWhatTheFunctionMakesOfIt() throws Exception {
        Files.writeString(tmp.resolve("words.txt"), "one two\nthree\n\nfour five six\n");
        Report r = run("file: words.txt", "split-words", "");
        assertEquals(4, r.sent());
        assertEquals(6, r.expected(), "split-words: one result per word, none for the blank line");
        assertEquals(6, r.delivered());
        assertTrue(r.match());
    }

    @Test
    void aStdinSourceSendsEveryLineOfItsInput() throws Exception {
        Report r = run("stdin: true", "upper", "alpha\nbeta\ngamma\n");
        assertEquals(3, r.sent());
        assertEquals(3, r.delivered());
        assertTrue(r.match());
    }

    @Test
    void aNumberGeneratorFeedsDoubleAndEveryResultIsCheckedAsTwiceItsInput() throws Exception {
        Report r = run("generator: {count: 200, size: 20, format: number}", "double", "");
        assertEquals(200, r.expected());
        assertEquals(200, r.delivered());
        assertTrue(r.match());
    }

    @Test
    void aFilteringFunctionIsExpectedToPassOnlyWhatItKeeps() throws Exception {
        // grep drops what does not match, so the catalog expects nothing for those inputs: only s0-00000x pass
        Report r = run("generator: {count: 20, size: 30}", "grep ^s0-00000", "");
        assertEquals(10, r.expected());
        assertEquals(10, r.delivered());
        assertEquals(0, r.corrupted());
    }

    @Test
    void generatedMessagesAreDistinctStampedAndOfTheRequestedSize() {
        String a = Messages.text(0, 41, 64);
        String b = Messages.text(0, 42, 64);
        assertNotEquals(a, b);
        assertEquals(64, a.length());
        assertTrue(a.startsWith("s0-000041-"), a);
        assertTrue(Messages.number(1, 7, 30).matches("101000000007\\d{18}"), Messages.number(1, 7, 30));
    }
}
