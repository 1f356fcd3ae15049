package io.udpgraph.runtime;

import io.udpgraph.protocol.MqClient;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --timeout}: how long a client waits for each reply; mix it into a command with {@code @Mixin} and name
 * {@link DurationDefaults} as the command's default provider so help shows the default as {@code 500ms}.
 */
public final class ReplyTimeoutOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = LegacyMillisConverter.class,
            description = "How long to wait for each reply, e.g. 500ms or 2s; a bare number is milliseconds, "
                    + "kept for one release. Default: ${DEFAULT-VALUE}.")
    Duration timeout = MqClient.Options.DEFAULT_TIMEOUT;

    /**
     * The timeout given.
     *
     * @throws CommandLine.ParameterException when it is under a millisecond
     */
    public Duration timeout() {
        if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--timeout must be at least 1ms, got " + DurationConverter.format(timeout));
        }
        return timeout;
    }
}
