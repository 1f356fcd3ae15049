package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * netem's faults in the decider, over seeded samples and without sockets: each delay distribution's mean and
 * spread, correlated delay and correlated loss, and their grammar.
 */
class NetemFaultsTest {
    private static final int SAMPLE = 20_000;

    /** The decisions for {@code n} datagrams travelling up under {@code spec}, seed 17. */
    private static List<Decision> decide(String kind, String spec, int n) {
        FaultDecider decider = new FaultDecider(17);
        PlanCompiler compiler = new PlanCompiler();
        FaultPlan plan = new FaultPlan(1, List.of(new Fault(1, FaultSpec.parse(kind, spec))));
        decider.use(Direction.UP, compiler.compile(plan, Direction.UP, 0, new ArrayList<>()).faults());
        List<Decision> out = new ArrayList<>();
        for (byte[] d : Udp.numbered(n)) {
            ByteBuffer buf = ByteBuffer.wrap(d);
            Decision one = decider.decide(Direction.UP, VerbSniffer.sniff(buf), buf);
            Decision copy = new Decision();
            copy.dropped = one.dropped;
            copy.delayNanos = one.delayNanos;
            out.add(copy);
        }
        return out;
    }

    /** Delays in milliseconds. */
    private static double[] delaysMs(String spec) {
        return decide("delay", spec, SAMPLE).stream().mapToDouble(d -> d.delayNanos / 1e6).toArray();
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    private static double spread(double[] xs) {
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }

    /** Correlation of each value with the next. */
    private static double lagOne(double[] xs) {
        double m = mean(xs);
        double num = 0;
        double den = 0;
        for (int i = 0; i < xs.length; i++) {
            den += (xs[i] - m) * (xs[i] - m);
            if (i + 1 < xs.length) {
                num += (xs[i] - m) * (xs[i + 1] - m);
            }
        }
        return num / den;
    }

    @Test
    void uniformDelaySpreadsOverPlusOrMinusTheJitterWithDeviationJitterOverRootThree() {
        double[] d = delaysMs("100ms±20ms,up");
        assertEquals(100, mean(d), 0.5);
        assertEquals(20 / Math.sqrt(3), spread(d), 0.3);
        assertTrue(java.util.Arrays.stream(d).allMatch(x -> x >= 80 && x <= 120), "within ±20ms");
    }

    @Test
    void normalDelayHasTheDelayAsMeanAndTheJitterAsStandardDeviation() {
        double[] d = delaysMs("100ms±20ms:normal,up");
        assertEquals(100, mean(d), 0.5);
        assertEquals(20, spread(d), 0.4);
    }

    @Test
    void paretoDelayLiesAboveTheDelayWithMeanHalfAJitterAndALongTail() {
        double[] d = delaysMs("100ms±20ms:pareto,up");
        assertTrue(java.util.Arrays.stream(d).min().orElseThrow() >= 100);
        // shape 3 cut at 15 jitters: mean 0.498 and deviation 0.794 jitter (by quadrature of the cut form)
        assertEquals(100 + 0.498 * 20, mean(d), 0.6);
        assertEquals(0.794 * 20, spread(d), 1.5);
        assertTrue(java.util.Arrays.stream(d).max().orElseThrow() > 100 + 4 * 20, "a tail beyond four jitters");
    }

    @Test
    void paretoNormalMixesAQuarterNormalWithThreeQuartersPareto() {
        double[] d = delaysMs("100ms±20ms:paretonormal,up");
        assertEquals(100 + 0.75 * 0.498 * 20, mean(d), 0.6);
        double expected = 20 * Math.sqrt(0.25 * 0.25 + 0.75 * 0.75 * 0.794 * 0.794);
        assertEquals(expected, spread(d), 1.2);
    }

    @Test
    void correlatedDelayKeepsItsMeanAndSpreadButFollowsThePreviousDraw() {
        double[] free = delaysMs("100ms±20ms:normal,up");
        double[] tied = delaysMs("100ms±20ms:normal:75%,up");
        assertEquals(0, lagOne(free), 0.03);
        assertEquals(0.75, lagOne(tied), 0.03);
        assertEquals(100, mean(tied), 1.0);
        assertEquals(20, spread(tied), 1.0);
    }

    @Test
    void correlatedLossDropsAtItsRateInRuns() {
        List<Decision> free = decide("drop", "10%,up", SAMPLE);
        List<Decision> tied = decide("drop", "10%:80%,up", SAMPLE);
        assertEquals(0.10, rate(free), 0.01);
        assertEquals(0.10, rate(tied), 0.02);
        assertEquals(0.10, afterADrop(free), 0.02, "independent: a drop says nothing of the next");
        assertEquals(0.80 + 0.20 * 0.10, afterADrop(tied), 0.03, "the next shares the fate with 80 %");
    }

    private static double rate(List<Decision> ds) {
        return ds.stream().filter(d -> d.dropped).count() / (double) ds.size();
    }

    private static double afterADrop(List<Decision> ds) {
        int drops = 0;
        int again = 0;
        for (int i = 0; i + 1 < ds.size(); i++) {
            if (ds.get(i).dropped) {
                drops++;
                again += ds.get(i + 1).dropped ? 1 : 0;
            }
        }
        return again / (double) drops;
    }

    @Test
    void distributionAndCorrelationReadBackAsWritten() {
        assertEquals("50ms±10ms@30%:pareto:25%", FaultSpec.parse("delay", "50ms±10ms@30%:25%:PARETO").body());
        assertEquals("10%:25%,up", FaultSpec.parse("drop", "10%:25%,up").value());
        assertEquals("5ms±2ms@30%,down", FaultSpec.parse("delay", "5ms±2ms@30%,down").value(), "defaults unwritten");
    }

    @Test
    void anUnknownDistributionIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultSpec.parse("delay", "50ms±10ms:gauss"));
        assertTrue(e.getMessage().contains("uniform, normal, pareto, paretonormal"), e.getMessage());
    }
}
