package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.mq.QueueConfig;
import io.udpgraph.mq.QueueNode;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.MqClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RouterCommandTest {

    private static RouterConfig parse(String... args) {
        CommandLine cl = RouterCommand.commandLine();
        cl.parseArgs(args);
        return ((RouterCommand) cl.getCommand()).toConfig();
    }

    @Test
    void spikesFormListensOnInForwardsToOutAndAppliesTheModeUpwards() {
        RouterConfig c = parse("127.0.0.1:10101", "127.0.0.1:10000", "drop", "--seed", "7", "--prob", "25");
        assertEquals(new HostPort("127.0.0.1", 10101), c.listen());
        assertEquals(List.of(new HostPort("127.0.0.1", 10000)), c.upstreams());
        assertEquals(7, c.seed().getAsLong());
        assertEquals(List.of(new FaultSpec.Drop(0.25, Scope.of(Direction.UP))), c.faults());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "duplicate|--duplicate 40%:2,up",
        "drop|--drop 40%,up",
        "garble|--garble 40%:any:bit,up",
        "delay|--delay 50ms±25ms@40%,up",
        "reorder|--reorder 40%:1,up",
        "random|--random 40%,up"})
    void everySpikeModeIsAFaultTowardsOut(String mode, String option) {
        RouterConfig c = parse("10101", "127.0.0.1:10000", mode, "--prob", "40");
        assertEquals(1, c.faults().size());
        assertEquals(option, c.faults().get(0).option());
    }

    @Test
    void spikesPassModeRelaysBothWays() throws Exception {
        try (QueueNode node = QueueNode.start(QueueConfig.defaults().port(0));
             Router router = Router.start(parse("127.0.0.1:0", HostPort.of(node.address()).toString(), "pass",
                     "--seed", "1"));
             MqClient client = MqClient.connect(router.address(),
                     MqClient.Options.defaults().timeout(Duration.ofSeconds(3)))) {
            assertEquals(0, router.faults().size());
            assertEquals(2, client.put("hi"));
            assertEquals("hi", client.getText(), "unlike spike, the node's reply comes back");
        }
    }

    @Test
    void faultOptionsRepeatAndCombine() {
        RouterConfig c = parse("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:10000", "--upstream",
                "127.0.0.1:10001", "--balance", "client-hash", "--drop", "10%,up", "--drop", "50%,down,GET",
                "--delay", "5ms+-2ms@30%", "--gilbert-elliott", "1%,30%", "--rate", "1000/s", "--session-idle", "5s");
        assertEquals(2, c.upstreams().size());
        assertEquals(Balance.CLIENT_HASH, c.balance());
        assertEquals(5, c.faults().size());
        assertEquals(Duration.ofSeconds(5), c.sessionIdle());
        assertEquals("--gilbert-elliott 1%,30%,100%,0%", c.faults().get(0).option(), "burst loss applies first");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--listen 127.0.0.1:0 --upstream 127.0.0.1:1 --drop 20|percentage such as 20%",
        "--upstream 127.0.0.1:1|--listen",
        "--listen 127.0.0.1:0|--upstream",
        "127.0.0.1:1 127.0.0.1:2|IN OUT MODE",
        "127.0.0.1:1 127.0.0.1:2 explode|unknown MODE",
        "127.0.0.1:1 127.0.0.1:2 drop --prob 120|0 to 100",
        "--listen 127.0.0.1:0 --upstream 127.0.0.1:1 --prob 5|spike's form",
        "--listen 127.0.0.1:0 --upstream 127.0.0.1:1 --balance random|round-robin or client-hash",
        "--listen 127.0.0.1:0 --upstream nowhere|HOST:PORT"})
    void aBadCommandLineIsAUsageErrorThatSaysWhatToWrite(String args, String expected) {
        StringWriter err = new StringWriter();
        CommandLine cl = RouterCommand.commandLine().setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args.split(" ")));
        assertTrue(err.toString().contains(expected), err.toString());
    }

    @Test
    void helpDocumentsEveryFaultAndSpikesForm() {
        StringWriter out = new StringWriter();
        CommandLine cl = RouterCommand.commandLine().setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String kind : FaultSpec.KINDS) {
            assertTrue(out.toString().contains("--" + kind + " "), "help shows --" + kind);
        }
        assertTrue(out.toString().contains("IN OUT MODE"));
    }

    @Test
    void theSpikeFormRefusesMixingWithListen() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("1", "127.0.0.1:2", "drop", "--listen", "127.0.0.1:3"));
        assertNotNull(e.getMessage());
    }
}
