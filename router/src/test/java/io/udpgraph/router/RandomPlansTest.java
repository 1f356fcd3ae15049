package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property: under any fault plan every datagram is accounted for, and nothing breaks the router. */
class RandomPlansTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static FaultSpec randomFault(Random r) {
        String[] directions = {"", ",up", ",down"};
        String[] verbs = {"", "", ",PUT", ",GET", ",MALFORMED"};
        String q = directions[r.nextInt(directions.length)] + verbs[r.nextInt(verbs.length)];
        int p = r.nextInt(60);
        return switch (r.nextInt(8)) {
            case 0 -> FaultSpec.parse("drop", p + "%" + q);
            case 1 -> FaultSpec.parse("duplicate", p + "%:" + (2 + r.nextInt(3)) + q);
            case 2 -> FaultSpec.parse("delay", r.nextInt(4) + "ms±" + r.nextInt(2) + "ms@" + p + "%" + q);
            case 3 -> FaultSpec.parse("reorder", p + "%:" + (1 + r.nextInt(4)) + q);
            case 4 -> FaultSpec.parse("garble", p + "%:" + new String[] {"header", "text", "any"}[r.nextInt(3)] + q);
            case 5 -> FaultSpec.parse("random", p + "%" + q);
            case 6 -> FaultSpec.parse("gilbert-elliott", (1 + r.nextInt(10)) + "%," + (10 + r.nextInt(50)) + "%" + q);
            default -> FaultSpec.parse("rate", (2000 + r.nextInt(20000)) + "/s:" + r.nextInt(50) + q);
        };
    }

    private static byte[] randomDatagram(Random r, int i) {
        return switch (r.nextInt(5)) {
            case 0 -> ("1" + Integer.toHexString(4 + Integer.toString(i).length()) + "PUT:" + i).getBytes();
            case 1 -> "13GET".getBytes();
            case 2 -> "14SIZE".getBytes();
            case 3 -> new byte[0];
            default -> {
                byte[] b = new byte[r.nextInt(200)];
                r.nextBytes(b);
                yield b;
            }
        };
    }

    @Test
    void everyDatagramIsForwardedOrCountedWhereItWasLostUnderRandomPlans() throws Exception {
        Random r = new Random(2024);
        for (int plan = 0; plan < 15; plan++) {
            List<FaultSpec> faults = new ArrayList<>();
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                faults.add(randomFault(r));
            }
            List<byte[]> traffic = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                traffic.add(randomDatagram(r, i));
            }
            try (Udp.Sink echo = new Udp.Sink(true);
                 Router router = Router.start(RouterConfig.defaults().upstream(echo.address()).seed(plan)
                         .faults(faults).maxHeldDatagrams(40).reorderMaxHold(Duration.ofMillis(20)));
                 DatagramSocket client = Udp.client(Duration.ofMillis(100))) {
                RouterCounters c = router.counters();
                Udp.sendPaced(client, router.address(), traffic, 50, () -> c.get(Direction.UP, Action.RECEIVED));
                Udp.await(() -> c.get(Direction.UP, Action.RECEIVED) == traffic.size(), WAIT, "every request read");
                Udp.settle(() -> c.get(Direction.DOWN, Action.RECEIVED) + c.heldDatagrams(), Duration.ofMillis(100));
                Udp.await(() -> c.heldDatagrams() == 0, WAIT, "nothing held");
                for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
                    long out = c.get(way, Action.FORWARDED) + c.get(way, Action.SEND_FAILED) - c.get(way, Action.DUPLICATED);
                    long lost = c.get(way, Action.DROPPED) + c.get(way, Action.RATE_LIMITED)
                            + c.get(way, Action.OVERFLOWED) + c.get(way, Action.ORPHANED);
                    assertEquals(c.get(way, Action.RECEIVED), out + lost, "plan " + plan + " " + faults + ", "
                            + way.word() + ": " + c.toMap());
                }
                assertEquals(0, c.errors(), "plan " + plan + " " + faults);
            }
        }
    }
}
