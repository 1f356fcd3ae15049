package io.udpgraph.bench;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.ReplyTimeoutOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench load}: drives one target with the load generator and prints ops/s and latency percentiles. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = DurationDefaults.class,
        description = {
            "Runs the load generator against one UDP target.",
            "Prints ops/s, msgs/s, latency percentiles, timeouts, errors and empty replies.",
            "",
            "  bench load --target 127.0.0.1:10000 --workload put-get --clients 16 --duration 5s",
            "  bench load --target 127.0.0.1:10000 --rate 50000       # open loop, 50 k requests/s",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished (timeouts and errors are reported, not fatal)",
            "1:the generator could not run (socket failure)", "2:bad usage"})
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "HOST:PORT", required = true, converter = HostPortConverter.class,
            description = "Where to send: a queue node, a router, or an echo.")
    HostPort target;

    @Option(names = "--workload", paramLabel = "KIND", defaultValue = "put-get",
            description = "echo (the same PUT datagram every time, for an echo server), put-get (PUT and GET in turn)"
                    + " or batch (--batch PUTs in one datagram, then GET:<batch>). Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "16",
            description = "Concurrent clients, each its own socket. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--message-bytes", paramLabel = "B", defaultValue = "100",
            description = "Bytes of each message. Default: ${DEFAULT-VALUE}.")
    int messageBytes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Messages per datagram in the batch workload. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rate", paramLabel = "OPS", defaultValue = "0",
            description = "Open loop: requests per second over all clients, sent on schedule whatever the replies"
                    + " do; latency counts from when each was due. 0 (default): closed loop, one request"
                    + " outstanding per client.")
    double rate;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Load before measuring, not counted (500ms, 2s, 1m). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "The measured window. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Mixin
    ReplyTimeoutOption timeout;

    @Override
    public Integer call() throws Exception {
        Workload.Kind kind = Workload.Kind.parse(workload);
        Workload w = new Workload(kind, messageBytes, kind == Workload.Kind.BATCH ? batch : 1);
        LoadResult r = LoadGenerator.run(new LoadGenerator.Options(target.toSocketAddress(), w, clients, warmup,
                duration, timeout.timeout(), rate));
        System.out.println(r.summary());
        return ExitCodes.OK;
    }
}
