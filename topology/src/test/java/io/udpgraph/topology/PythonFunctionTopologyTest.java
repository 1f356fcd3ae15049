package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A worker's {@code python_function: PATH} runs a stream-py function file, found next to the topology file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonFunctionTopologyTest {

    @TempDir
    Path tmp;

    private static final String GRAPH = """
            queues:
              a: {}
              b: {}
            workers:
              shout: {python_function: functions/shout.py, inputs: [a], outputs: [b]}
            sources:
              gen: {to: a, generator: {count: 200, size: 40}}
            sinks:
              out: {from: b}
            expect:
              delivered: 200
              corrupted: 0
            """;

    private Path write() throws Exception {
        Path functions = Files.createDirectories(tmp.resolve("functions"));
        Files.writeString(functions.resolve("__init__.py"), "");
        Files.writeString(functions.resolve("loud.py"), "def loud(text):\n    return text.upper() + '!'\n");
        Files.writeString(functions.resolve("shout.py"), """
                from .loud import loud

                FUNC_NAME = 'shout'


                def func(input):
                    return loud(input)
                """);
        Path f = tmp.resolve("graph.yaml");
        Files.writeString(f, GRAPH);
        return f;
    }

    @Test
    void aPythonFunctionWorkerDeliversWhatTheFileComputes() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", write().toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(200, r.number("delivered"), r.out());
    }

    /** {@code topology check} of the graph with {@code from} replaced by {@code to}: its exit code 2 and stderr. */
    private String problems(String from, String to) throws Exception {
        Path f = write();
        Files.writeString(f, GRAPH.replace(from, to));
        Runs.Result r = Runs.topology(tmp, "check", f.toString());
        assertEquals(2, r.exitCode(), r.err());
        return r.err();
    }

    @Test
    void aWorkerWithFunctionAndPythonFunctionIsAProblem() throws Exception {
        String err = problems("{python_function:", "{function: upper, python_function:");
        assertTrue(err.contains("has both function and python_function: keep one"), err);
    }

    @Test
    void aMissingPythonFileIsAProblemThatNamesThePath() throws Exception {
        String err = problems("functions/shout.py", "functions/nope.py");
        assertTrue(err.contains("python_function needs a stream-py file") && err.contains("functions/nope.py"), err);
    }
}
