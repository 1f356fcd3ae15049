package io.udpgraph.bench;

import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.ReplyTimeoutOption;
import io.udpgraph.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench suite}: measures, side by side in one run, the bare UDP echo (the ceiling), a queue node with
 * PUT/GET pairs at several client counts, batched PUT/GET, the queue node through the router, a three-stage
 * passthrough worker chain and the memory of a node holding a million messages, every node a separate process
 * started from the scripts; prints a markdown table with ratios to the echo and the targets met or not.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = DurationDefaults.class,
        description = {"Measures echo, queue node, batches, router, worker chain and memory side by side.",
            "Prints a markdown table with ratios to the echo ceiling and each target met or not. Every node is its own",
            "process started from scripts/. Takes about three minutes with the defaults; --quick for a smoke run.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the suite ran (targets not met are reported, not fatal)",
            "1:a node did not start or a measurement failed", "2:bad usage"})
final class SuiteCommand implements Callable<Integer> {
    @Option(names = "--steps", paramLabel = "STEP,…", split = ",",
            defaultValue = "echo,queue,batch,router,chain,memory,python,durable",
            description = "Which steps to run, of echo, queue, batch, router, chain, memory, python (a --python-function "
                    + "passthrough beside the built-in), durable (--fsync always and interval beside Redis). Default: all.")
    List<String> steps;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs per measurement; the table shows the median. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--quick", description = "A smoke run of a few seconds: one short run each, clients 1 and 16,"
            + " small chain and memory loads. Its figures are not measurements.")
    boolean quick;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Load before each measured window. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Each measured window. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--clients", paramLabel = "C,C…", split = ",", defaultValue = "1,4,16,64",
            description = "Client counts for echo and PUT/GET. Default: ${DEFAULT-VALUE}.")
    int[] clients;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Messages per datagram in the batched step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--batch-clients", paramLabel = "C", defaultValue = "4",
            description = "Clients in the batched step. Default: ${DEFAULT-VALUE}.")
    int batchClients;

    @Option(names = "--node-threads", paramLabel = "T", defaultValue = "0",
            description = "--threads of the queue nodes; 0 (default) keeps the node's own default.")
    int nodeThreads;

    @Option(names = "--chain-messages", paramLabel = "N", defaultValue = "200000",
            description = "Messages pushed through the worker chain per run. Default: ${DEFAULT-VALUE}.")
    int chainMessages;

    @Option(names = "--chain-worker-batch", paramLabel = "N", defaultValue = "256",
            description = "--batch of the chain's workers; 0 keeps the worker's own default. Default: ${DEFAULT-VALUE}"
                    + " (measured about twice the messages/s of the worker's default of "
                    + WorkerConfig.DEFAULT_BATCH_SIZE + ").")
    int chainWorkerBatch;

    @Option(names = "--memory-messages", paramLabel = "N", defaultValue = "1000000",
            description = "100-byte messages queued for the memory step. Default: ${DEFAULT-VALUE}.")
    int memoryMessages;

    @Option(names = "--memory-java-opts", paramLabel = "OPTS", defaultValue = "",
            description = "JAVA_OPTS of the node in the memory step. Default: none, so the node runs with the options "
                    + "scripts/lib/launch.sh gives every node.")
    String memoryJavaOpts;

    @Mixin
    ReplyTimeoutOption timeout;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The project's root, where scripts/ is. Default: $UDPGRAPH_HOME, else the current directory.")
    Path home;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the report (markdown) to FILE.")
    Path output;

    static final List<String> STEPS = List.of("echo", "queue", "batch", "router", "chain", "memory", "python", "durable");

    @Override
    public Integer call() throws Exception {
        if (home == null) {
            String env = System.getenv("UDPGRAPH_HOME");
            home = Path.of(env != null ? env : ".").toAbsolutePath().normalize();
        }
        if (quick) {
            runs = 1;
            warmup = Duration.ofMillis(300);
            duration = Duration.ofMillis(500);
            clients = new int[] {1, 16};
            chainMessages = Math.min(chainMessages, 5_000);
            memoryMessages = Math.min(memoryMessages, 50_000);
        }
        if (runs < 1) {
            System.err.println("bench: --runs must be at least 1");
            return ExitCodes.USAGE;
        }
        for (String step : steps) {
            if (!STEPS.contains(step)) {
                System.err.println("bench: unknown step '" + step + "': expected some of " + String.join(",", STEPS));
                return ExitCodes.USAGE;
            }
        }
        SuitePlan plan = new SuitePlan(home, steps, runs, quick, warmup, duration, clients, batch, batchClients,
                nodeThreads, chainMessages, chainWorkerBatch, memoryMessages, memoryJavaOpts, timeout.timeout());
        SuiteSteps suite = new SuiteSteps(plan);
        try {
            suite.run();
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage());
            suite.failures.add(e.getMessage());
        }
        String report = new SuiteReport(plan, suite).render();
        System.out.println(report);
        if (output != null) {
            Files.writeString(output, report);
        }
        return suite.failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
