package io.udpgraph.connector;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code connector tcp-in}: TCP feeds in, PUT batches to a queue node out. */
@Command(name = "tcp-in", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "TCP feeds in, cut by --framing, PUT in batches to a queue node.",
        sortOptions = false, usageHelpWidth = 100, defaultValueProvider = DurationDefaults.class,
        description = {
            "Accepts any number of TCP feeds, cuts each stream into messages with --framing and PUTs them to",
            "the queue node --to in batches, in each connection's order. While the node is full or silent no",
            "socket is read, so TCP pushes back to the senders; nothing read is dropped. A malformed frame",
            "closes its connection with a logged reason; the others go on.",
            "",
            "  connector tcp-in --listen 127.0.0.1:7000 --to 127.0.0.1:10000 --framing u32",
            ""},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 could not start, 2 bad usage."})
public final class TcpInCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InboundOptions options;

    @Option(names = "--framing", paramLabel = "u32|len10|lhhttt|line", defaultValue = "u32",
            converter = WordConverter.FramingConverter.class, description = "How messages are cut from each stream "
                    + "(default: ${DEFAULT-VALUE}).")
    Framing framing;

    @Option(names = "--buffer-bytes", paramLabel = "N", defaultValue = "" + TcpInConfig.DEFAULT_BUFFER_BYTES,
            description = "Read buffer per connection: bytes read and not yet stored, at most "
                    + "(default: ${DEFAULT-VALUE}).")
    int bufferBytes;

    @Override
    public Integer call() throws Exception {
        options.shared.configureLogging();
        TcpInConfig config = options.config(framing, TcpInConfig.DEFAULT_NAME);
        try {
            config = config.bufferBytes(bufferBytes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TcpInConfig c = config;
        return NodeRun.run("tcp-in", options.shared, (PrometheusMeterRegistry) c.registry(),
                spec.commandLine().getErr(), () -> TcpIn.start(c), TcpIn::messages);
    }
}
