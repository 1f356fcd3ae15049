package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.runtime.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VertexWorkerCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run execute(String... args) {
        CommandLine cl = VertexWorkerCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static WorkerConfig parse(String... args) {
        CommandLine cl = VertexWorkerCommand.commandLine();
        cl.parseArgs(args);
        return ((VertexWorkerCommand) cl.getCommand()).toConfig();
    }

    @Test
    void helpListsEveryBuiltinFunctionWithOneLine() {
        Run r = execute("--help");
        assertEquals(ExitCodes.OK, r.code());
        for (VertexFunction fn : BuiltinFunctions.all()) {
            assertTrue(r.out().contains("  " + fn.description() + System.lineSeparator()),
                    "help lists " + fn.name() + ":\n" + r.out());
        }
        for (String flag : List.of("--input", "--output", "--function", "--function-jar", "--exec", "--route",
                "--errors", "--guarantee", "--metrics-port", "--log-level", "--bind")) {
            assertTrue(r.out().contains(flag), flag);
        }
    }

    @Test
    void optionsBecomeTheWorkerConfig() {
        WorkerConfig c = parse("--input", "127.0.0.1:10000", "--input", "127.0.0.1:10002",
                "--output", "127.0.0.1:10001", "--output", "udp://127.0.0.1:9999",
                "--function", "grep", "^a", "--route", "broadcast", "--guarantee", "at-least-once",
                "--errors", "127.0.0.1:10003", "--batch", "8", "--name", "v1", "--seed", "5");
        assertEquals(2, c.inputs().size());
        assertEquals(List.of(Output.parse("127.0.0.1:10001"), Output.parse("udp://127.0.0.1:9999")), c.outputs());
        assertEquals(FunctionSpec.named("grep", "^a"), c.function());
        assertEquals(RoutePolicy.BROADCAST, c.route());
        assertEquals(Guarantee.AT_LEAST_ONCE, c.guarantee());
        assertEquals(Output.parse("127.0.0.1:10003"), c.errors());
        assertEquals(8, c.batchSize());
        assertEquals("v1", c.name());
        assertEquals(5, c.routeSeed());
    }

    @Test
    void functionArgumentsMayLookLikeOptions() {
        WorkerConfig c = parse("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "grep", "-x",
                "--route", "hash");
        assertEquals(FunctionSpec.named("grep", "-x"), c.function());
        assertEquals(RoutePolicy.HASH, c.route());
    }

    @Test
    void execIsSplitLikeAShellCommand() {
        WorkerConfig c = parse("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--exec", "python3 'my f.py' -v");
        assertEquals(new FunctionSpec.Exec(List.of("python3", "my f.py", "-v")), c.function());
    }

    @Test
    void functionAndExecTogetherIsAUsageError() {
        Run r = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "upper", "--exec", "cat");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("exactly one of --function"), r.err());
    }

    @Test
    void pythonFunctionTakesAStreamPyFileAndTheFalsyChoice() {
        Path file = Repo.root().resolve("vertex-worker/src/test/resources/stream-py/functions/falsy.py");
        WorkerConfig c = parse("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--python-function",
                file.toString(), "--stream-py-falsy", "drop");
        assertEquals(new FunctionSpec.PythonFile(file, StreamPyFalsy.DROP), c.function());
        assertEquals(FunctionSpec.python(file), parse("--input", "127.0.0.1:1", "--output", "127.0.0.1:2",
                "--python-function", file.toString()).function());
    }

    @Test
    void aPythonFunctionThatIsNotAPythonFileIsAUsageError() {
        Run r = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--python-function", "nope/missing.py");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--python-function needs a Python file"), r.err());
    }

    @Test
    void streamPyFalsyWithoutPythonFunctionIsAUsageError() {
        Run r = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "upper",
                "--stream-py-falsy", "drop");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--stream-py-falsy applies to --python-function only"), r.err());
    }

    @Test
    void anUnknownFunctionIsAUsageErrorThatListsTheBuiltins() {
        Run r = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "tripple");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown function 'tripple'") && r.err().contains("passthrough"), r.err());
    }

    @Test
    void aMisspeltFunctionIsOneLineWithTheNearestFunctionThenAPointerToHelp() {
        Run r = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "uper");
        assertEquals(ExitCodes.USAGE, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).contains("unknown function 'uper' (did you mean upper?)"), lines.get(0));
        assertEquals("Try 'vertex-worker --help' for the options.", lines.get(1));
    }

    @Test
    void aBadAddressIsAUsageErrorWithAnExample() {
        Run r = execute("--input", "10000", "--output", "127.0.0.1:2", "--function", "upper");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("127.0.0.1:10000"), r.err());
        Run bad = execute("--input", "127.0.0.1:1", "--output", "127.0.0.1:2", "--function", "upper",
                "--guarantee", "exactly-once");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("effectively-once"), bad.err());
    }
}
