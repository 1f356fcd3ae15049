package io.udpgraph.mq;

import io.udpgraph.protocol.ErrorReason;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.DurationDefaults;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.LegacyMillisConverter;
import io.udpgraph.runtime.VersionProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code mq} subcommands that read messages: get (takes them), peek (leaves them), purge (drops them). */
final class MqTakeCommands {
    private MqTakeCommands() {
    }

    @Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Takes up to N messages (oldest first) and prints each on a line of its own.",
                    "Prints nothing when the queue is empty; --wait waits that long for a first message."})
    static final class Get extends MqCommand.Action {
        @Option(names = "--count", paramLabel = "N", defaultValue = "1",
                description = "messages to take at most (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--wait", paramLabel = "DURATION", converter = LegacyMillisConverter.class,
                description = "wait up to DURATION (at most " + ProtocolLimits.MAX_WAIT_MS / 1000 + "s) for a first message, e.g. 500ms or 5s; a bare"
                        + " number is milliseconds, kept for one release (default: ${DEFAULT-VALUE})")
        Duration wait = Duration.ZERO;

        @Override
        void check() {
            if (count < 1) {
                throw usage("--count must be at least 1, got " + count);
            }
            if (wait.toMillis() > ProtocolLimits.MAX_WAIT_MS) {
                throw usage("--wait must be 0-" + ProtocolLimits.MAX_WAIT_MS + " ms, got " + wait.toMillis());
            }
        }

        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            if (count == 1 && wait.isZero()) {
                byte[] m = client.get();
                if (m.length > 0) {
                    out.println(new String(m, StandardCharsets.UTF_8));
                }
                return ExitCodes.OK;
            }
            int left = count;
            Duration first = wait;
            while (left > 0) {
                List<byte[]> got = client.get(Math.min(left, ProtocolLimits.MAX_TAKE), first);
                if (got.isEmpty()) {
                    break;
                }
                for (byte[] m : got) {
                    out.println(new String(m, StandardCharsets.UTF_8));
                }
                left -= got.size();
                first = Duration.ZERO; // wait for the first message only
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "peek", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Prints the message a get would take next, and leaves it in the queue (PEEK).",
                    "Prints nothing when no message is visible."})
    static final class Peek extends MqCommand.Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            byte[] m;
            try {
                m = client.peek();
            } catch (MqException.ErrorReply e) {
                if (e.reason() == ErrorReason.UNKNOWN_VERB) {
                    throw new MqException("the node does not know PEEK: it is older than this client; "
                            + "mq lease --count 1 then mq nack shows the next message without removing it", e);
                }
                throw e;
            }
            if (m.length > 0) {
                out.println(new String(m, StandardCharsets.UTF_8));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            defaultValueProvider = DurationDefaults.class,
            description = {"Takes every visible message and drops it; prints how many.",
                    "Leased messages stay until their lease ends or they are ACKed."})
    static final class Purge extends MqCommand.Action {
        @Override
        int run(MqClient client, PrintWriter out) throws IOException {
            long purged = 0;
            int misses = 0;
            while (true) {
                List<byte[]> got;
                try {
                    got = client.get(ProtocolLimits.MAX_TAKE, Duration.ZERO);
                } catch (MqException.Timeout e) {
                    // a lost reply loses what it carried, which a purge drops anyway: ask again
                    misses++;
                    if (misses > target.retries) {
                        out.println("purged " + purged + " messages before the node stopped answering");
                        throw e;
                    }
                    continue;
                }
                if (got.isEmpty()) {
                    break;
                }
                purged += got.size();
            }
            out.println("purged " + purged + (purged == 1 ? " message" : " messages") + (misses == 0 ? ""
                    : " (and what " + misses + " lost replies carried: gone, but not counted)"));
            return ExitCodes.OK;
        }
    }
}
