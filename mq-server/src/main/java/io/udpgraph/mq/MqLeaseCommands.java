package io.udpgraph.mq;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.DurationConverter;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code mq} subcommands of at-least-once delivery: lease messages, then ack or nack them by lease id. */
final class MqLeaseCommands {
    private MqLeaseCommands() {
    }

    @Command(name = "lease", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Leases up to N messages: they stay invisible until acked, nacked or the lease ends.",
                    "Prints one line per message: LEASE-ID DELIVERIES MESSAGE-ID TEXT (MESSAGE-ID is - without one).",
                    "  mq lease 127.0.0.1:10000 --count 10 --lease 1m"})
    static final class LeaseCommand extends MqCommand.Action {
        @Option(names = "--count", paramLabel = "N", defaultValue = "1",
                description = "messages to lease at most, 1-" + ProtocolLimits.MAX_TAKE + " (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "how long the messages stay invisible, e.g. 30s (default: ${DEFAULT-VALUE})")
        Duration lease = Duration.ofSeconds(30);

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "wait up to DURATION for a first message (default: ${DEFAULT-VALUE})")
        Duration wait = Duration.ZERO;

        @Override
        void check() {
            if (count < 1 || count > ProtocolLimits.MAX_TAKE) {
                throw usage("--count must be 1-" + ProtocolLimits.MAX_TAKE + ", got " + count);
            }
            if (lease.toMillis() < 1 || lease.toMillis() > ProtocolLimits.MAX_LEASE_MS) {
                throw usage("--lease must be 1ms-" + ProtocolLimits.MAX_LEASE_MS + "ms, got " + lease.toMillis() + "ms");
            }
            if (wait.toMillis() > ProtocolLimits.MAX_WAIT_MS) {
                throw usage("--wait must be 0-" + ProtocolLimits.MAX_WAIT_MS + " ms, got " + wait.toMillis());
            }
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            for (Lease l : client.lease(count, lease, wait)) {
                out.println(l.leaseId() + " " + l.deliveries() + " " + (l.messageId() == null ? "-" : l.messageId())
                        + " " + l.text());
            }
            return ExitCodes.OK;
        }
    }

    /** What ack and nack share: the lease ids, the request, and how the count the node answered is shown. */
    abstract static class Settle extends MqCommand.Action {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "LEASE-ID",
                description = "lease ids as mq lease printed them, e.g. 41.9c1f0e3a5b7d2e81")
        List<String> leaseIds;

        private final boolean ack;

        Settle(boolean ack) {
            this.ack = ack;
        }

        @Override
        void check() {
            for (String id : leaseIds) {
                try {
                    LeaseId.parse(id);
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
            }
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            LeaseId[] ids = leaseIds.stream().map(LeaseId::parse).toArray(LeaseId[]::new);
            int k = ack ? client.ack(ids) : client.nack(ids);
            out.println((ack ? "acked " : "nacked ") + k + " of " + ids.length + (k < ids.length
                    ? " (the others were not leased: settled already, their lease ended, or not an id"
                    + " this node handed out)" : ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Removes leased messages for good (ACK); prints how many were still leased.")
    static final class Ack extends Settle {
        Ack() {
            super(true);
        }
    }

    @Command(name = "nack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = "Makes leased messages visible again now (NACK); prints how many were still leased.")
    static final class Nack extends Settle {
        Nack() {
            super(false);
        }
    }
}
