package io.udpgraph.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one suite run measures and how long: the {@code bench suite} options once checked and --quick applied. */
record SuitePlan(Path home, List<String> steps, int runs, boolean quick, Duration warmup, Duration duration,
        int[] clients, int batch, int batchClients, int nodeThreads, int chainMessages, int chainWorkerBatch,
        int memoryMessages, String memoryJavaOpts, Duration timeout) {

    /** Whether the step named {@code step} runs. */
    boolean includes(String step) {
        return steps.contains(step);
    }
}
