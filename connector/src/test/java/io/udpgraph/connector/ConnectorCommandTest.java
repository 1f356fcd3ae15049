package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.runtime.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: help, and usage errors that say what to write instead. */
class ConnectorCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine c = ConnectorCommand.commandLine();
        c.setOut(new PrintWriter(out));
        c.setErr(new PrintWriter(err));
        return c.execute(args);
    }

    @Test
    void helpListsEverySubcommandWithItsOneLineSummary() {
        assertEquals(ExitCodes.OK, run("--help"));
        for (String s : new String[] {"tcp-in", "tcp-out", "udp-in", "Framings: u32"}) {
            assertTrue(out.toString().contains(s), out::toString);
        }
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run());
        assertTrue(err.toString().contains("tcp-in, tcp-out or udp-in"), err::toString);
    }

    @Test
    void anUnknownFramingIsAUsageErrorThatListsTheFramings() {
        assertEquals(ExitCodes.USAGE, run("tcp-in", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:1",
                "--framing", "u16"));
        assertTrue(err.toString().contains("u32, len10, lhhttt or line"), err::toString);
    }

    @Test
    void tcpOutNeedsExactlyOneOfConnectAndListen() {
        assertEquals(ExitCodes.USAGE, run("tcp-out", "--from", "127.0.0.1:1"));
        assertEquals(ExitCodes.USAGE, run("tcp-out", "--from", "127.0.0.1:1", "--connect", "127.0.0.1:2",
                "--listen", "127.0.0.1:3"));
    }

    @Test
    void aBufferSmallerThanTheLongestFrameIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("tcp-in", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:1",
                "--buffer-bytes", "1000"));
        assertTrue(err.toString().contains("must hold the longest frame"), err::toString);
    }

    @Test
    void everyConnectorPollsForItsRepliesByDefaultAndSaysSo() {
        for (String sub : new String[] {"tcp-in", "tcp-out", "udp-in"}) {
            out.getBuffer().setLength(0);
            assertEquals(ExitCodes.OK, run(sub, "--help"));
            assertTrue(out.toString().replaceAll("\\s+", " ").contains("0s is off. Default: 500us."), out::toString);
        }
        assertEquals(java.time.Duration.ofNanos(500_000), TcpInConfig.of(new java.net.InetSocketAddress(0),
                new java.net.InetSocketAddress(1), Framing.U32).busyPoll().duration());
    }

    @Test
    void aBusyPollOverTenMillisecondsIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("tcp-out", "--from", "127.0.0.1:1", "--connect", "127.0.0.1:2",
                "--busy-poll", "50ms"));
        assertTrue(err.toString().contains("--busy-poll must be 0s (off) to 10ms, got 50ms"), err::toString);
    }
}
