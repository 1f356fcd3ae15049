package io.udpgraph.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's connector example on the real scripts: a stdlib-only Python feed sends 100,000 U32-framed numbers to
 * tcp-in, a worker doubles them, tcp-out writes them to a Python TCP server, which must receive exactly 0, 2, 4, …
 * in order.
 */
class ConnectorScriptsE2ETest {
    private static final int MESSAGES = 100_000;

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static ScriptProcess started(ScriptProcess p, String line) throws InterruptedException {
        assertNotNull(p.await(line, 120), "did not start:\n" + p.output());
        return p;
    }

    @Test
    void aPythonFeedFlowsThroughTcpInAWorkerAndTcpOutToAPythonServerInOrder() throws Exception {
        assumeTrue(hasPython(), "python3 is not installed: skipping the connector's end-to-end test");
        int inPort = freeUdpPort();
        int outPort = freeUdpPort();
        String in = "127.0.0.1:" + inPort;
        String out = "127.0.0.1:" + outPort;
        try (ScriptProcess q1 = started(ScriptProcess.script("mq-server", "--port", "" + inPort), "listening on udp");
             ScriptProcess q2 = started(ScriptProcess.script("mq-server", "--port", "" + outPort), "listening on udp");
             ScriptProcess sink = ScriptProcess.python("u32_sink.py", "127.0.0.1", "" + MESSAGES, "60")) {
            String sinkPort = sink.await("^port (\\d+)", 30);
            assertNotNull(sinkPort, sink.output());
            try (ScriptProcess tcpOut = started(ScriptProcess.script("connector", "tcp-out", "--from", out,
                         "--connect", "127.0.0.1:" + sinkPort, "--framing", "u32"), "tcp-out from");
                 ScriptProcess worker = started(ScriptProcess.script("vertex-worker", "--input", in, "--output", out,
                         "--function", "double", "--guarantee", "at-least-once"), "running");
                 ScriptProcess tcpIn = started(ScriptProcess.script("connector", "tcp-in", "--listen",
                         "127.0.0.1:0", "--to", in, "--framing", "u32"), "listening on tcp")) {
                String feedPort = tcpIn.await("listening on tcp 127\\.0\\.0\\.1:(\\d+)", 5);
                long started = System.nanoTime();
                try (ScriptProcess feed = ScriptProcess.python("u32_feed.py", "127.0.0.1", feedPort, "" + MESSAGES)) {
                    assertEquals(0, feed.process.waitFor(60, TimeUnit.SECONDS) ? feed.process.exitValue() : -1,
                            "the feed did not finish:\n" + feed.output());
                }
                String result = sink.await("^(ok \\d+|received .*)", 60);
                System.out.printf("connector e2e: %d messages through tcp-in, double, tcp-out in %.1f s%n", MESSAGES,
                        (System.nanoTime() - started) / 1e9);
                assertEquals("ok " + MESSAGES, result, "the server's verdict\n" + sink.output() + "\ntcp-in:\n"
                        + tcpIn.output() + "\nworker:\n" + worker.output() + "\ntcp-out:\n" + tcpOut.output());
            }
        }
    }
}
