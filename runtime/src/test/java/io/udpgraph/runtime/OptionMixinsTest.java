package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.MqClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The shared options read the same way in every command that mixes them in. */
class OptionMixinsTest {

    @Command(name = "node", defaultValueProvider = DurationDefaults.class)
    static final class Node {
        @Mixin
        NodeOptions node;

        @Mixin
        ReplyTimeoutOption timeout;

        @Mixin
        AllowOption allow;

        @Mixin
        BusyPollOption busyPoll;

        @Option(names = "--lease", converter = DurationConverter.class, description = "Default: ${DEFAULT-VALUE}.")
        Duration lease = Duration.ofSeconds(30);
    }

    private static Node parse(String... args) {
        Node n = new Node();
        new CommandLine(n).parseArgs(args);
        return n;
    }

    private static String help() {
        StringWriter out = new StringWriter();
        new CommandLine(new Node()).usage(new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void allowRepeatsAndServesEveryBlockGiven() throws Exception {
        Allowlist a = parse("--allow", "10.0.0.0/8", "--allow", "192.168.0.0/16").allow.allowlist();
        assertTrue(a.allows(java.net.InetAddress.getByName("10.1.2.3")));
        assertTrue(a.allows(java.net.InetAddress.getByName("192.168.7.8")));
        assertTrue(!a.allows(java.net.InetAddress.getByName("172.16.0.1")));
    }

    @Test
    void busyPollIsOffUnlessGivenAndHelpSaysSo() {
        assertTrue(!parse().busyPoll.busyPoll().enabled());
        assertEquals(Duration.ofNanos(500_000), parse("--busy-poll", "500us").busyPoll.busyPoll().duration());
        assertTrue(help().contains("Default: 0s."), help());
    }

    @Test
    void aBusyPollOverTenMillisecondsIsAUsageError() {
        Node n = new Node();
        CommandLine cl = new CommandLine(n);
        cl.parseArgs("--busy-poll", "20ms");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, n.busyPoll::busyPoll);
        assertTrue(e.getMessage().startsWith("--busy-poll must be 0s (off) to 10ms, got 20ms"), e.getMessage());
    }

    @Test
    void aWrongAllowBlockIsAUsageError() {
        assertThrows(CommandLine.ParameterException.class, () -> parse("--allow", "10.0.0.0/99"));
    }

    @Test
    void bindDefaultsToLoopback() {
        assertEquals("127.0.0.1", parse().node.bind());
    }

    @Test
    void bindTakesTheAddressGiven() {
        assertEquals("0.0.0.0", parse("--bind", "0.0.0.0").node.bind());
    }

    @Test
    void logLevelDefaultsToInfo() {
        assertEquals(Logging.LogLevel.INFO, parse().node.logLevel());
    }

    @Test
    void logLevelIsReadInEitherCase() {
        assertEquals(Logging.LogLevel.DEBUG, parse("--log-level", "debug").node.logLevel());
        assertEquals(Logging.LogLevel.WARN, parse("--log-level", "WARN").node.logLevel());
    }

    @Test
    void anUnknownLogLevelIsAUsageErrorListingTheLevels() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--log-level", "loud"));
        assertTrue(e.getMessage().contains("ERROR, WARN, INFO, DEBUG or TRACE"), e.getMessage());
    }

    @Test
    void noMetricsPortStartsNoEndpoint() throws Exception {
        assertNull(parse().node.startMetrics(MetricsEndpoint.newRegistry()));
    }

    @Test
    void aMetricsPortStartsAnEndpointOnTheBindAddress() throws Exception {
        try (MetricsEndpoint m = parse("--metrics-port", "0").node.startMetrics(MetricsEndpoint.newRegistry())) {
            assertEquals("127.0.0.1", m.address().getAddress().getHostAddress());
            assertTrue(m.address().getPort() > 0);
        }
    }

    @Test
    void aMetricsPortOutOfRangeIsAUsageError() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--metrics-port", "70000"));
        assertTrue(e.getMessage().contains("outside 0-65535"), e.getMessage());
    }

    @Test
    void theReplyTimeoutDefaultsToTheClientsDefault() {
        assertEquals(MqClient.Options.DEFAULT_TIMEOUT, parse().timeout.timeout());
    }

    @Test
    void theReplyTimeoutTakesADuration() {
        assertEquals(Duration.ofSeconds(2), parse("--timeout", "2s").timeout.timeout());
    }

    @Test
    void theReplyTimeoutStillTakesBareMilliseconds() {
        assertEquals(Duration.ofMillis(750), parse("--timeout", "750").timeout.timeout());
    }

    @Test
    void aReplyTimeoutUnderAMillisecondIsAUsageError() {
        Node n = parse("--timeout", "0");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, n.timeout::timeout);
        assertTrue(e.getMessage().contains("at least 1ms"), e.getMessage());
    }

    @Test
    void helpShowsDurationDefaultsInTheFlagSyntax() {
        String help = help();
        assertTrue(help.contains("Default: 500ms."), help);
        assertTrue(help.contains("Default: 30s."), help);
    }

    @Test
    void helpShowsEveryNodeOptionOnce() {
        String help = help();
        for (String flag : new String[] {"--bind", "--metrics-port", "--log-level", "--timeout"}) {
            String line = "  " + flag + "=";
            assertTrue(help.contains(line), flag + " in:\n" + help);
            assertEquals(help.indexOf(line), help.lastIndexOf(line), flag + " once in:\n" + help);
        }
    }

    @Test
    void aDurationDefaultIsAppliedWhenTheFlagIsMissing() {
        assertEquals(Duration.ofSeconds(30), parse().lease);
    }
}
