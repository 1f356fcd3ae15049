package io.udpgraph.connector;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code connector udp-in}: each UDP datagram one message, PUT in batches to a queue node. */
@Command(name = "udp-in", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Each UDP datagram one message, PUT in batches to a queue node.",
        sortOptions = false, usageHelpWidth = 100, defaultValueProvider = DurationDefaults.class,
        description = {
            "Receives UDP datagrams on --listen, each one message, and PUTs them to the queue node --to in",
            "batches (Wallaroo's udp_source). While the node is full or silent nothing is received; UDP has",
            "no push-back, so what overflows the kernel's socket buffer meanwhile is lost there.",
            "",
            "  connector udp-in --listen 127.0.0.1:6789 --to 127.0.0.1:10000",
            ""},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 could not start, 2 bad usage."})
public final class UdpInCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InboundOptions options;

    @Override
    public Integer call() throws Exception {
        options.shared.configureLogging();
        TcpInConfig c = options.config(Framing.U32, "udp-in");
        return NodeRun.run("udp-in", options.shared, (PrometheusMeterRegistry) c.registry(),
                spec.commandLine().getErr(), () -> UdpIn.start(c), UdpIn::messages);
    }
}
