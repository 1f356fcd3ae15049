package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every example through {@code topology run}, in this JVM, with the report's numbers checked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @TempDir
    Path tmp;

    @Test
    void pipelineDeliversEveryMessageOnceAndUnchanged() throws Exception {
        Runs.Result r = Runs.topology(tmp, "run", Runs.EXAMPLES.resolve("pipeline.yaml").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals(2000, r.number("sent"));
        assertEquals(2000, r.number("expected"));
        assertEquals(2000, r.number("delivered"));
        assertEquals(0, r.number("lost"));
        assertEquals(0, r.number("duplicated"));
        assertEquals(0, r.number("corrupted"));
    }
}
