package io.udpgraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** scripts/bench as a user runs it: real node processes from the scripts, the report on stdout. */
class BenchScriptE2ETest {

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/bench"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the repository: no scripts/bench above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result bench(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("scripts/bench").toString());
        command.addAll(List.of(args));
        File err = File.createTempFile("bench-e2e", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(root().toFile())
                    .redirectError(err).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(100, TimeUnit.SECONDS), "scripts/bench did not finish");
            return new Result(p.exitValue(), out, Files.readString(err.toPath()));
        } finally {
            err.delete();
        }
    }

    @Test
    @Timeout(120)
    void aQuickSuitePrintsEchoAndQueueNodeSideBySideWithTheirTargets() throws Exception {
        Result r = bench("--quick", "--steps", "echo,queue");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("| UDP echo (ceiling) | 1 |"), r.out());
        assertTrue(r.out().contains("| UDP echo (ceiling) | 16 |"), r.out());
        assertTrue(r.out().contains("| queue node, PUT/GET pairs | 16 |"), r.out());
        assertTrue(r.out().contains("| queue PUT/GET at 16 clients | ≥ 0.80 × echo |"), r.out());
        assertTrue(r.out().contains("| p50 at 1 client |"), r.out());
        assertTrue(r.out().contains("QUICK SMOKE RUN"), "a quick run says its figures are not measurements");
        assertTrue(r.out().startsWith("Machine: "), "the report names the machine first");
    }

    @Test
    @Timeout(60)
    void anUnknownStepIsBadUsageThatNamesTheKnownOnes() throws Exception {
        Result r = bench("--steps", "echo,warp");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("unknown step 'warp'") && r.err().contains("echo,queue,batch,router,chain,memory"), r.err());
    }
}
