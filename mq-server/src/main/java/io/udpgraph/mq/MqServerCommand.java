package io.udpgraph.mq;

import io.udpgraph.runtime.UsageErrors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.AllowOption;
import io.udpgraph.runtime.BusyPollOption;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.HostPortConverter;
import io.udpgraph.runtime.MetricsEndpoint;
import io.udpgraph.runtime.NodeOptions;
import io.udpgraph.runtime.Shutdown;
import io.udpgraph.runtime.VersionProvider;
import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mq-server}: runs one queue node until SIGINT or SIGTERM. */
@Command(name = "mq-server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, defaultValueProvider = DurationDefaults.class,
        description = {"Runs a queue node: one FIFO queue behind one UDP address, spoken to with PUT, GET and SIZE "
                + "(and the extensions of docs/PROTOCOL.md) in LHHTTT frames. Ctrl-C or SIGTERM stops it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal after a clean start",
                "1:the node could not start (port taken, data directory unusable or in use by another node, …)",
                "2:bad usage"})
public final class MqServerCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(MqServerCommand.class.getName());

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + QueueConfig.DEFAULT_PORT,
            description = "UDP port to serve; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = QueueConfig.DEFAULT_NAME,
            description = "the node's name in logs and in the node tag of its metrics (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--capacity", paramLabel = "N", defaultValue = "" + QueueConfig.DEFAULT_CAPACITY_MESSAGES,
            description = "messages held at most, visible and leased; a PUT past it gets ERR full (default: ${DEFAULT-VALUE})")
    int capacity;

    @Option(names = "--capacity-bytes", paramLabel = "B", defaultValue = "" + QueueConfig.DEFAULT_CAPACITY_BYTES,
            description = "message bytes held at most; a PUT past it gets ERR full (default: ${DEFAULT-VALUE}, "
                    + (QueueConfig.DEFAULT_CAPACITY_BYTES >> 20) + " MiB)")
    long capacityBytes;

    @Option(names = "--max-message-bytes", paramLabel = "B", defaultValue = "" + QueueConfig.DEFAULT_MAX_MESSAGE_BYTES,
            description = "the largest message a PUT may carry, at most " + QueueConfig.LIMIT_MAX_MESSAGE_BYTES
                    + "; larger ones get ERR too-large (default: ${DEFAULT-VALUE})")
    int maxMessageBytes;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "" + QueueConfig.DEFAULT_THREADS,
            description = "receiving threads, each with its own SO_REUSEPORT socket on the port (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    BusyPollOption busyPoll;

    @Option(names = "--max-deliveries", paramLabel = "N", defaultValue = "" + QueueConfig.DEFAULT_MAX_DELIVERIES,
            description = "leases a message gets before it is dead-lettered; 0 for no limit (default: ${DEFAULT-VALUE})")
    int maxDeliveries;

    @Option(names = "--dead-letter", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "queue node that receives dead-lettered messages (by PUTID when they have an id, else PUT);"
                    + " without it they are dropped and counted")
    HostPort deadLetter;

    @Option(names = "--dedup-window-messages", paramLabel = "N",
            defaultValue = "" + QueueConfig.DEFAULT_DEDUP_WINDOW_MESSAGES,
            description = "PUTID ids remembered for deduplication (default: ${DEFAULT-VALUE})")
    int dedupWindowMessages;

    @Option(names = "--dedup-window-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long a PUTID id is remembered, e.g. 90s, 5m, 1h (default: ${DEFAULT-VALUE})")
    Duration dedupWindowTime = QueueConfig.DEFAULT_DEDUP_WINDOW_TIME;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep the messages in a log in DIR (created when missing) and take them back on start;"
                    + " one node per directory (default: in memory only, lost when the node stops)")
    Path dataDir;

    @Option(names = "--fsync", paramLabel = "POLICY", defaultValue = "always", converter = FsyncConverter.class,
            description = "with --data-dir: always (a PUT is answered once its record is on disk), interval (forced"
                    + " every --fsync-interval) or never (left to the OS); every policy survives a killed process,"
                    + " only always survives a power cut (default: ${DEFAULT-VALUE})")
    FsyncPolicy fsync;

    @Option(names = "--fsync-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --fsync interval: how often the log is forced to disk (default: ${DEFAULT-VALUE})")
    Duration fsyncInterval = LogConfig.DEFAULT_FSYNC_INTERVAL;

    @Option(names = "--segment-bytes", paramLabel = "B", defaultValue = "" + LogConfig.DEFAULT_SEGMENT_BYTES,
            description = "with --data-dir: a log segment file rolls past this size; compaction rewrites sealed"
                    + " ones (default: ${DEFAULT-VALUE}, " + (LogConfig.DEFAULT_SEGMENT_BYTES >> 20) + " MiB)")
    long segmentBytes;

    @Option(names = "--compaction-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --data-dir: how often sealed segments are compacted; 0s turns compaction off"
                    + " (default: ${DEFAULT-VALUE})")
    Duration compactionInterval = LogConfig.DEFAULT_COMPACTION_INTERVAL;

    @Option(names = "--repair",
            description = "with --data-dir: start even when a log segment is missing or out of place, going on without"
                    + " it and saying what was dropped (without it the node refuses to start and names the missing segment)")
    boolean repair;

    @Option(names = "--max-reply-rate", paramLabel = "BYTES_PER_S",
            defaultValue = "" + SourcePolicy.DEFAULT_MAX_REPLY_BYTES_PER_SECOND,
            description = "reply bytes per second one source address may draw (burst: one second's worth); past it"
                    + " its datagrams get no reply and change nothing until the budget refills (default: ${DEFAULT-VALUE})")
    long maxReplyRate;

    @Option(names = "--min-lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "the shortest lease granted; a LEASE asking less gets this much (default: ${DEFAULT-VALUE})")
    Duration minLease = SourcePolicy.DEFAULT_MIN_LEASE;

    @Mixin
    AllowOption allow;

    @Mixin
    NodeOptions shared;

    @Override
    public Integer call() throws Exception {
        shared.configureLogging();
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (dataDir == null) {
            for (String flag : List.of("--fsync", "--fsync-interval", "--segment-bytes", "--compaction-interval",
                    "--repair")) {
                if (parsed.hasMatchedOption(flag)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), flag + " configures the log, which"
                            + " only a node with --data-dir DIR keeps; add --data-dir or drop " + flag);
                }
            }
        }
        QueueConfig config;
        SourcePolicy policy;
        LogConfig logConfig = null;
        try {
            policy = new SourcePolicy(allow.allowlist(), maxReplyRate, minLease);
            config = QueueConfig.defaults().name(name).bind(shared.bind()).port(port).capacityMessages(capacity)
                    .capacityBytes(capacityBytes).maxMessageBytes(maxMessageBytes).threads(threads)
                    .maxDeliveries(maxDeliveries).deadLetter(deadLetter).dedupWindowMessages(dedupWindowMessages)
                    .dedupWindowTime(dedupWindowTime).registry(registry).busyPoll(busyPoll.busyPoll());
            if (dataDir != null) {
                logConfig = LogConfig.defaults().fsync(fsync).fsyncInterval(fsyncInterval).segmentBytes(segmentBytes)
                        .compactionInterval(compactionInterval).idRetention(dedupWindowTime).repair(repair);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Shutdown shutdown = Shutdown.install();
        MetricsEndpoint metrics = null;
        QueueNode node;
        List<String> damage = List.of();
        try {
            if (logConfig != null) {
                LogJournal journal = LogJournal.open(dataDir, logConfig);
                damage = journal.log().damage();
                config = config.journal(journal);
            }
            node = QueueNode.start(config, policy);
        } catch (IOException e) {
            spec.commandLine().getErr().println("mq-server: " + e.getMessage());
            shutdown.done();
            return ExitCodes.FAILURE;
        }
        try {
            metrics = shared.startMetrics(registry);
        } catch (IOException e) {
            node.close();
            spec.commandLine().getErr().println("mq-server: " + e.getMessage());
            shutdown.done();
            return ExitCodes.FAILURE;
        }
        String metricsText = metrics == null ? ""
                : "; metrics at http://" + HostPort.of(metrics.address()) + "/metrics";
        String dataText = dataDir == null ? "; in memory only"
                : "; data in " + dataDir.toAbsolutePath() + " (fsync " + fsync.word() + ", " + node.recovered()
                        + " messages recovered" + (damage.isEmpty() ? "" : "; " + String.join("; ", damage)) + ")";
        String pollText = config.busyPoll().enabled() ? ", each polling " + config.busyPoll() + " before it blocks" : "";
        LOG.info(() -> String.format("%s listening on udp %s (capacity %d messages, %d bytes; %d %s%s)%s%s", name,
                HostPort.of(node.address()), capacity, capacityBytes, threads, threads == 1 ? "thread" : "threads",
                pollText, dataText, metricsText));
        String notice = policy.allowlist().startNotice(shared.bind());
        if (notice != null) {
            LOG.warning(() -> name + ": " + notice);
        }
        try {
            shutdown.awaitSignal();
        } finally {
            long visible = node.size();
            long stored = node.stored();
            node.close();
            if (metrics != null) {
                metrics.close();
            }
            String fate = dataDir == null ? "dropped with the process" : "kept in " + dataDir.toAbsolutePath();
            LOG.info(() -> String.format("%s stopped: %d messages left (%d visible, %d leased), %s",
                    name, stored, visible, stored - visible, fate));
            shutdown.done();
        }
        return ExitCodes.OK;
    }

    /** Reads {@code --fsync}: always, interval or never. */
    static final class FsyncConverter implements CommandLine.ITypeConverter<FsyncPolicy> {
        @Override
        public FsyncPolicy convert(String value) {
            try {
                return FsyncPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Runs the command; the exit code says how it ended. */
    public static void main(String[] args) {
        System.exit(UsageErrors.install(new CommandLine(new MqServerCommand())).execute(args));
    }
}
