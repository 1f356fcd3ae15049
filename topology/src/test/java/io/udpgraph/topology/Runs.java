package io.udpgraph.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
