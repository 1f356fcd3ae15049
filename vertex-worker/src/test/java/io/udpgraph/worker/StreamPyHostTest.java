package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Python host that runs stream-py function files, driven directly: no sockets, no worker. */
class StreamPyHostTest {
    private final AtomicInteger restarts = new AtomicInteger();

    private static FunctionSpec.PythonFile file(String name, StreamPyFalsy falsy) {
        return new FunctionSpec.PythonFile(
                Repo.root().resolve("vertex-worker/src/test/resources/stream-py/functions/" + name + ".py"), falsy);
    }

    private StreamPyHost.Running start(String name) throws Exception {
        return StreamPyHost.start(file(name, StreamPyFalsy.PUBLISH), restarts::incrementAndGet);
    }

    private static ResultBuffer apply(VertexFunction fn, String input) throws Exception {
        ResultBuffer out = new ResultBuffer();
        fn.apply(input, out);
        return out;
    }

    @Test
    void aRaisingFunctionIsAFunctionErrorAndItsStateGoesOn() throws Exception {
        try (StreamPyHost.Running fn = start("counter")) {
            assertEquals(List.of("1 a"), apply(fn, "a").results());
            ExecFunction.ExecFunctionException e = assertThrows(ExecFunction.ExecFunctionException.class,
                    () -> apply(fn, "boom"));
            assertEquals("ValueError: cannot count 'boom'", e.getMessage());
            assertEquals(List.of("3 b"), apply(fn, "b").results());
            assertEquals(0, restarts.get(), "the host was not restarted");
        }
    }

    @Test
    void aGeneratorOfTuplesGivesEachResultItsIntegerKey() throws Exception {
        try (StreamPyHost.Running fn = start("inputdoubler")) {
            ResultBuffer out = apply(fn, "x");
            assertEquals(List.of("x", "x"), out.results());
            assertEquals(0L, out.routingKey(0));
            assertEquals(1L, out.routingKey(1));
        }
    }

    @Test
    void aStringKeyStaysText() throws Exception {
        try (StreamPyHost.Running fn = start("symbolrouter")) {
            ResultBuffer out = apply(fn, "35=D|55=IBM|");
            assertEquals("IBM", out.routingKey(0));
            assertEquals(0, apply(fn, "35=D|").size(), "None publishes nothing");
        }
    }

    @Test
    void falsyResultsArePublishedOrDroppedAsAsked() throws Exception {
        try (StreamPyHost.Running publish = start("falsy");
             StreamPyHost.Running drop = StreamPyHost.start(file("falsy", StreamPyFalsy.DROP), () -> { })) {
            assertEquals(List.of("0"), apply(publish, "zero").results());
            assertEquals(List.of(""), apply(publish, "empty").results());
            assertEquals(List.of(), apply(drop, "zero").results());
            assertEquals(List.of(), apply(drop, "empty").results());
            assertEquals(List.of("x"), apply(drop, "x").results());
        }
    }

    @Test
    void aFileThatIsNotThereIsRefusedBeforeAnyProcessStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FunctionSpec.PythonFile(Path.of("functions/none.py"), StreamPyFalsy.PUBLISH));
        assertTrue(e.getMessage().contains("--python-function needs a Python file"), e.getMessage());
    }
}
