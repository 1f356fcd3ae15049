package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Drives scripts/mq-server and scripts/mq as processes, the way the README's quick start tells a newcomer. */
class ReadmeSessionE2ETest {

    @Test
    void theQuickStartSessionWorksAsTheReadmeSays() throws Exception {
        try (Scripts.Server server = Scripts.Server.start()) {
            String at = server.address();
            Scripts.Result put = Scripts.run(null, "mq", "put", at, "hello", "world");
            assertEquals(0, put.exitCode(), put.err());
            assertEquals("put 2 messages (10 bytes)\n", put.out());

            Scripts.Result size = Scripts.run(null, "mq", "size", at);
            assertEquals("2\n", size.out());

            Scripts.Result get = Scripts.run(null, "mq", "get", at, "--count", "2");
            assertEquals("hello\nworld\n", get.out());

            Scripts.Result lines = Scripts.run("one\ntwo\nthree\n", "mq", "put", at, "-");
            assertEquals("put 3 messages (11 bytes)\n", lines.out());
            Scripts.Result stats = Scripts.run(null, "mq", "stats", at);
            assertTrue(stats.out().startsWith("visible=3\nleased=0\n"), stats.out());
            Scripts.Result send = Scripts.run(null, "mq", "send", at, "GET", "SIZE");
            assertEquals("one\n2\n", send.out());

            assertEquals(0, server.stop(), "SIGTERM is a clean stop");
            String stopLine = server.awaitLine("stopped:", 5);
            assertNotNull(stopLine, "no stop line in:\n" + server.logText());
            assertTrue(stopLine.contains("2 messages left"), stopLine);
        }
    }

    @Test
    void aNodeThatDoesNotAnswerIsAClearMessageAndExitOne() throws Exception {
        int port = Scripts.freePort();
        try (java.nio.channels.DatagramChannel silent = java.nio.channels.DatagramChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", port))) {
            Scripts.Result r = Scripts.run(null, "mq", "size", "127.0.0.1:" + port, "--timeout", "200",
                    "--retries", "0");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("no reply (a router or the network may have dropped it) from 127.0.0.1:" + port), r.err());
        }
    }

    @Test
    void aBadAddressIsAUsageErrorThatShowsAnExample() throws Exception {
        Scripts.Result r = Scripts.run(null, "mq", "put", "10000", "hello");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("expected HOST:PORT, e.g. 127.0.0.1:10000"), r.err());
    }
}
