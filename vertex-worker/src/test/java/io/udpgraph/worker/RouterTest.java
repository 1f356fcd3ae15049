package io.udpgraph.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RouterTest {

    @Test
    void roundRobinTakesTheOutputsInTurn() {
        Router r = new Router(RoutePolicy.ROUND_ROBIN, 3, 1);
        for (int i = 0; i < 9; i++) {
            assertEquals(i % 3, r.route(null, "x", null));
        }
    }

    @Test
    void hashRoutesByCrc32cOfTheKeyOrElseTheResult() {
        Router r = new Router(RoutePolicy.HASH, 3, 1);
        CRC32C crc = new CRC32C();
        crc.update("apple".getBytes(StandardCharsets.UTF_8));
        int expected = (int) (crc.getValue() % 3);
        assertEquals(expected, r.route(null, "apple", null));
        assertEquals(expected, r.route("apple", "apple 7", null));
    }

    @Test
    void broadcastSendsEverywhere() {
        assertEquals(Router.ALL, new Router(RoutePolicy.BROADCAST, 2, 1).route(null, "x", null));
    }

    @Test
    void randomIsRepeatableWithTheSameSeedAndUsesEveryOutput() {
        Router a = new Router(RoutePolicy.RANDOM, 3, 42);
        Router b = new Router(RoutePolicy.RANDOM, 3, 42);
        int[] seen = new int[3];
        for (int i = 0; i < 300; i++) {
            int o = a.route(null, "x", null);
            assertEquals(o, b.route(null, "x", null));
            seen[o]++;
        }
        for (int s : seen) {
            assertTrue(s > 50, "each output gets a fair share, got " + java.util.Arrays.toString(seen));
        }
    }

    @Test
    void withDerivedIdsRoundRobinAndRandomRouteTheSameIdTheSameWay() {
        for (RoutePolicy p : new RoutePolicy[] {RoutePolicy.ROUND_ROBIN, RoutePolicy.RANDOM}) {
            Router r = new Router(p, 3, 7);
            int first = r.route(null, "x", "src-1.0");
            for (int i = 0; i < 5; i++) {
                assertEquals(first, r.route(null, "x", "src-1.0"));
            }
        }
    }

    @Test
    void oneOutputTakesEverything() {
        assertEquals(0, new Router(RoutePolicy.BROADCAST, 1, 1).route(null, "x", null));
    }

    @Test
    void hashSendsAnIntegerKeyToItsFloorModuloAsStreamPyDid() {
        Router r = new Router(RoutePolicy.HASH, 3, 1);
        assertEquals(0, r.route(0L, "x", null));
        assertEquals(1, r.route(1L, "x", null));
        assertEquals(2, r.route(5L, "y", null));
        assertEquals(1, r.route(-2L, "z", null), "Python's -2 % 3 is 1");
    }
}
