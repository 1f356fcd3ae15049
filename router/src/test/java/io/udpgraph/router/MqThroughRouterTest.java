package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.MqCommand;
import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.ProtocolLimits;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code mq put -} through a router that drops datagrams both ways, as the user tried it. */
class MqThroughRouterTest {
    private static final Pattern SUMMARY = Pattern.compile("put (\\d+) messages \\((\\d+) bytes\\)(; (\\d+) lines? failed)?"
            + "(; (\\d+) lines? needed a retry)?");

    @Test
    void putKeepGoingWithIdsStoresEveryLineOnceThroughADroppingRouter() throws Exception {
        String lines = IntStream.rangeClosed(1, 200).mapToObj(i -> "line-" + i).collect(Collectors.joining("\n", "", "\n"));
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(RouterConfig.defaults().upstream(node.address()).seed(17)
                     .faults(FaultSpec.parse("drop", "10%")))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cl = MqCommand.commandLine(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("put", HostPort.of(router.address()).toString(), "--keep-going", "--ids", "run-1",
                    "--timeout", "40ms", "--retries", "8", "-");

            Matcher m = SUMMARY.matcher(out.toString().strip());
            assertTrue(m.matches(), out + "" + err);
            long stored = Long.parseLong(m.group(1));
            long failed = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
            long retried = m.group(6) == null ? 0 : Long.parseLong(m.group(6));
            assertEquals(200, stored + failed, "every line is stored or counted as failed");
            assertEquals(failed > 0 ? 1 : 0, code, err.toString());
            assertTrue(retried > 0, "10% drops both ways make some lines need a retry: " + out);
            assertEquals(failed, err.toString().lines().filter(l -> l.contains("was not stored")).count(), err.toString());

            try (MqClient direct = MqClient.connect(node.address())) {
                List<byte[]> all = direct.get(ProtocolLimits.MAX_TAKE, Duration.ZERO);
                Set<String> distinct = new HashSet<>();
                for (byte[] b : all) {
                    distinct.add(new String(b, StandardCharsets.UTF_8));
                }
                assertEquals(all.size(), distinct.size(), "no line was stored twice");
                assertTrue(all.size() >= stored && all.size() <= 200, all.size() + " stored, reported " + stored);
            }
            assertTrue(router.counters().get(Direction.UP, Action.DROPPED) > 0, "the router dropped requests");
            assertTrue(router.counters().get(Direction.DOWN, Action.DROPPED) > 0, "the router dropped replies");
        }
    }
}
