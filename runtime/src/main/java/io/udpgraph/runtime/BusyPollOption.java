package io.udpgraph.runtime;

import io.udpgraph.protocol.BusyPoll;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --busy-poll}: how long a node's or connector's receiving thread polls its socket before it blocks
 * ({@link BusyPoll}), off unless given; mix it into a command with {@code @Mixin} and name {@link DurationDefaults}
 * as the command's default provider so help shows the default as {@code 0s}. A subclass may start from another
 * default.
 */
public class BusyPollOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--busy-poll", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Poll the UDP socket this long before blocking on it, e.g. 500us: a busy request/reply "
                    + "stream then pays no wake-up per datagram, for the CPU polled away; up to 10ms, 0s is off. "
                    + "Default: ${DEFAULT-VALUE}.")
    protected Duration busyPoll = BusyPoll.OFF.duration();

    /**
     * The poll given.
     *
     * @throws CommandLine.ParameterException when it is over {@link BusyPoll#MAX}
     */
    public BusyPoll busyPoll() {
        if (busyPoll.compareTo(BusyPoll.MAX) > 0) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--busy-poll must be 0s (off) to "
                    + DurationConverter.format(BusyPoll.MAX) + ", got " + DurationConverter.format(busyPoll)
                    + "; past that, blocking costs less than the CPU polled away");
        }
        return BusyPoll.of(busyPoll);
    }
}
