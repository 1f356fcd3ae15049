package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs {@code topology} as a user would, in this JVM, and keeps what it printed and wrote. */
final class Runs {
    /** The examples folder, seen from the module's folder where the tests run. */
    static final Path EXAMPLES = Path.of("..", "examples");

    record Result(int exitCode, String out, String err, JsonNode report) {
        long number(String field) {
            return report.get(field).asLong();
        }
    }

    private Runs() {
    }

    /** {@code topology ARGS…}, adding {@code --json} to a run so the report's numbers can be read back. */
    static Result topology(Path tmp, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        Path json = tmp.resolve("report-" + System.nanoTime() + ".json");
        boolean run = !all.isEmpty() && all.get(0).equals("run");
        if (run) {
            all.add("--json");
            all.add(json.toString());
            all.add("--no-progress");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TopologyCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(new String[0]));
        JsonNode report = run && Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
        return new Result(code, out.toString(), err.toString(), report);
    }

    /**
     * {@code scripts/topology run FILE --processes} as a process, as a user starts it; asserts it ends by itself within
     * {@code timeoutSeconds} with exit 0, and returns its JSON report and what it printed.
     */
    static Result runProcesses(Path tmp, Path file, int timeoutSeconds) throws IOException, InterruptedException {
        Path json = tmp.resolve("report.json");
        Path log = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of("..", "scripts", "topology").toString(), "run", file.toString(),
                "--processes", "--json", json.toString(), "--no-progress")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "the run ends by itself");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return new Result(0, out, "", new ObjectMapper().readTree(json.toFile()));
    }
}
