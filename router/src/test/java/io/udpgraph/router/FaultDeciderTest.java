package io.udpgraph.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.protocol.Frames;
import io.udpgraph.protocol.Verb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact decisions of the fault decider for fixed seeds, with no sockets, threads or clocks: for a seed and a
 * sequence of datagrams, exactly these are dropped, duplicated, delayed, reordered or garbled, written as the
 * event log writes them.
 */
class FaultDeciderTest {

    /** Decides {@code datagrams} in turn, all travelling {@code way}, and returns the event-log lines. */
    private static List<String> decide(long seed, Direction way, List<byte[]> datagrams, FaultSpec... faults)
            throws IOException {
        FaultDecider decider = decider(seed, faults);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EventLog log = new EventLog(Channels.newChannel(bytes))) {
            for (byte[] d : datagrams) {
                log.decided(decide(decider, way, d), way, d.length, VerbSniffer.sniff(ByteBuffer.wrap(d)));
            }
        }
        return List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    private static Decision decide(FaultDecider decider, Direction way, byte[] datagram) {
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        return decider.decide(way, VerbSniffer.sniff(buf), buf);
    }

    /** A decider with {@code faults} as faults #1, #2, … in both directions. */
    private static FaultDecider decider(long seed, FaultSpec... faults) {
        List<Fault> plan = new ArrayList<>();
        for (FaultSpec f : faults) {
            plan.add(new Fault(plan.size() + 1, f));
        }
        FaultDecider decider = new FaultDecider(seed);
        PlanCompiler compiler = new PlanCompiler();
        for (Direction way : new Direction[] {Direction.UP, Direction.DOWN}) {
            decider.use(way, compiler.compile(new FaultPlan(1, plan), way, 0, new ArrayList<>()).faults());
        }
        return decider;
    }

    /** The sequence numbers of the lines that contain {@code token}. */
    private static List<Long> picked(List<String> lines, String token) {
        List<Long> out = new ArrayList<>();
        for (String l : lines) {
            if (l.contains(token)) {
                out.add(Long.parseLong(l.substring(0, l.indexOf(' '))));
            }
        }
        return out;
    }

    /** Lines other than {@code pass}: the datagrams some fault acted on. */
    private static List<String> acted(List<String> lines) {
        return lines.stream().filter(l -> !l.endsWith(" pass")).toList();
    }

    private static List<byte[]> puts(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Frames.encode("PUT:message " + i));
        }
        return out;
    }

    @Test
    void dropThirtyPercentWithSeed42DropsExactlyTheseOfTheFirstForty() throws Exception {
        List<String> lines = decide(42, Direction.UP, Udp.numbered(40), FaultSpec.parse("drop", "30%,up"));
        assertEquals(List.of(1L, 2L, 4L, 6L, 9L, 10L, 13L, 14L, 19L, 22L, 24L, 25L, 28L, 29L, 30L, 31L, 34L, 35L, 40L),
                picked(lines, "drop#1"));
    }

    @Test
    void dropThirtyPercentWithSeed42DropsExactly3044OfTenThousand() throws Exception {
        // the count RouterFaultsTest bounds statistically when it sends the same datagrams through a router
        List<String> lines = decide(42, Direction.UP, Udp.numbered(10_000), FaultSpec.parse("drop", "30%,up"));
        assertEquals(3044, picked(lines, "drop#1").size());
    }

    @Test
    void aHigherProbabilityDropsEveryDatagramALowerOneDrops() throws Exception {
        List<byte[]> input = Udp.numbered(2000);
        List<Long> twenty = picked(decide(9, Direction.UP, input, FaultSpec.parse("drop", "20%")), "drop#1");
        List<Long> thirty = picked(decide(9, Direction.UP, input, FaultSpec.parse("drop", "30%")), "drop#1");
        assertTrue(thirty.containsAll(twenty), "30 % picks a superset of 20 %");
        assertTrue(thirty.size() > twenty.size());
    }

    @Test
    void duplicateTenPercentWithSeed7TriplesExactlyTheseOfTheFirstHundred() throws Exception {
        List<String> lines = decide(7, Direction.UP, Udp.numbered(100), FaultSpec.parse("duplicate", "10%:3,up"));
        assertEquals(List.of("7 up 1 - dup#1x3", "16 up 2 - dup#1x3", "23 up 2 - dup#1x3", "26 up 2 - dup#1x3",
                "38 up 2 - dup#1x3", "40 up 2 - dup#1x3", "68 up 2 - dup#1x3", "70 up 2 - dup#1x3",
                "91 up 2 - dup#1x3"),
                acted(lines));
        Decision d = decide(decider(7, FaultSpec.parse("duplicate", "100%:3")), Direction.UP, new byte[] {'0'});
        assertEquals(3, d.copies);
        assertEquals(175, picked(decide(7, Direction.UP, Udp.numbered(2000),
                FaultSpec.parse("duplicate", "10%:3,up")), "dup#1").size(), "the tripled ones of 2000");
    }

    @Test
    void delayWithSeed3HoldsEachDatagramItsOwnDrawWithinTheJitter() throws Exception {
        List<String> lines = decide(3, Direction.UP, Udp.numbered(6), FaultSpec.parse("delay", "20ms±10ms,up"));
        assertEquals(List.of("1 up 1 - delay#1=14.478ms", "2 up 1 - delay#1=19.016ms", "3 up 1 - delay#1=21.762ms",
                "4 up 1 - delay#1=12.727ms", "5 up 1 - delay#1=20.449ms", "6 up 1 - delay#1=13.985ms"), lines);
        Decision d = decide(decider(3, FaultSpec.parse("delay", "20ms±10ms,up")), Direction.UP, new byte[] {'0'});
        assertEquals(14_478, d.delayNanos / 1000, "the first datagram's delay in microseconds");
        assertTrue(d.holds());
    }

    @Test
    void reorderWithSeed11HoldsExactlyTheseBehindThreeOthers() throws Exception {
        List<String> lines = decide(11, Direction.UP, Udp.numbered(30), FaultSpec.parse("reorder", "20%:3,up"));
        assertEquals(List.of("4 up 1 - reorder#1=3", "8 up 1 - reorder#1=3", "10 up 1 - reorder#1=3",
                "12 up 2 - reorder#1=3", "21 up 2 - reorder#1=3", "22 up 2 - reorder#1=3"), acted(lines));
    }

    @Test
    void gilbertElliottWithSeed5LosesOneBurstOfTenInTheFirstSixty() throws Exception {
        List<String> lines = decide(5, Direction.UP, Udp.numbered(60), FaultSpec.parse("gilbert-elliott", "5%,20%,up"));
        assertEquals(List.of(36L, 37L, 38L, 39L, 40L, 41L, 42L, 43L, 44L, 45L), picked(lines, "ge-drop#1"));
    }

    @Test
    void gilbertElliottWithSeed5LosesInBurstsWhereAnIndependentDropDoesNot() throws Exception {
        // the datagrams RouterFaultsTest sends through a router to bound the same figures statistically
        List<byte[]> input = Udp.numbered(10_000);
        List<Long> bursty = picked(decide(5, Direction.UP, input, FaultSpec.parse("gilbert-elliott", "5%,20%,up")),
                "ge-drop#1");
        List<Long> independent = picked(decide(5, Direction.UP, input, FaultSpec.parse("drop", "20%,up")), "drop#1");
        assertEquals(List.of(2023, 406), List.of(bursty.size(), runs(bursty)), "lost, and in how many bursts");
        assertEquals(List.of(1986, 1577), List.of(independent.size(), runs(independent)), "lost, and in how many runs");
    }

    /** How many runs of consecutive numbers {@code seqs} (ascending) holds. */
    private static int runs(List<Long> seqs) {
        int runs = 0;
        for (int i = 0; i < seqs.size(); i++) {
            if (i == 0 || seqs.get(i) != seqs.get(i - 1) + 1) {
                runs++;
            }
        }
        return runs;
    }

    @Test
    void garbleOfTheTextWithSeed99FlipsExactlyTheseBitsOfPuts() throws Exception {
        List<String> lines = decide(99, Direction.UP, puts(40), FaultSpec.parse("garble", "20%:text,up,PUT"));
        assertEquals(List.of("2 up 15 PUT garble#1@12^0x02", "8 up 15 PUT garble#1@11^0x80",
                "13 up 16 PUT garble#1@4^0x80", "18 up 16 PUT garble#1@8^0x02", "26 up 16 PUT garble#1@9^0x20",
                "28 up 16 PUT garble#1@14^0x20", "29 up 16 PUT garble#1@4^0x01", "31 up 16 PUT garble#1@13^0x80",
                "37 up 16 PUT garble#1@10^0x08"), acted(lines));
    }

    @Test
    void garbleOfTheHeaderWithSeed99ReplacesExactlyTheseHeaderBytes() throws Exception {
        List<String> lines = decide(99, Direction.UP, puts(40), FaultSpec.parse("garble", "20%:header:byte"));
        assertEquals(List.of("2 up 15 PUT garble#1@1^0x39", "8 up 15 PUT garble#1@1^0xf8",
                "13 up 16 PUT garble#1@0^0xe2", "18 up 16 PUT garble#1@0^0x36", "26 up 16 PUT garble#1@1^0xbf",
                "28 up 16 PUT garble#1@1^0xb2", "29 up 16 PUT garble#1@0^0x0c", "31 up 16 PUT garble#1@1^0xe2",
                "37 up 16 PUT garble#1@1^0x6e"), acted(lines));
    }

    @Test
    void garbleChangesTheDecidedByteInPlaceAndNothingElse() {
        byte[] put = Frames.encode("PUT:message 1");
        FaultDecider decider = decider(99, FaultSpec.parse("garble", "100%:text"));
        ByteBuffer buf = ByteBuffer.wrap(put.clone());
        Decision d = decider.decide(Direction.UP, VerbSniffer.sniff(buf), buf);
        d.garbleInPlace(buf);
        for (int i = 0; i < put.length; i++) {
            assertEquals(i == d.garblePos[0] ? (byte) (put[i] ^ d.garbleMask[0]) : put[i], buf.get(i), "byte " + i);
        }
    }

    @Test
    void randomWithSeed1OnRepliesChoosesExactlyTheseFaults() throws Exception {
        List<String> lines = decide(1, Direction.DOWN, puts(40), FaultSpec.parse("random", "30%"));
        assertEquals(List.of("4 down 15 PUT random#1:delay=29.884ms", "26 down 16 PUT random#1:delay=49.776ms",
                "37 down 16 PUT random#1:delay=63.700ms", "39 down 16 PUT random#1:delay=73.182ms"), acted(lines));
    }

    @Test
    void aReplyFilterMatchesTheVerbOfTheRequestItAnswers() {
        FaultDecider decider = decider(1, FaultSpec.parse("drop", "100%,down,GET"));
        ByteBuffer reply = ByteBuffer.wrap(Frames.encode("hello"));
        assertTrue(decider.decide(Direction.DOWN, Verb.GET.ordinal(), reply).dropped);
        assertFalse(decider.decide(Direction.DOWN, Verb.PUT.ordinal(), reply).dropped);
        ByteBuffer get = ByteBuffer.wrap(Frames.encode("GET"));
        assertFalse(decider.decide(Direction.UP, VerbSniffer.sniff(get), get).dropped, "requests go up untouched");
    }

    @Test
    void everyKindWithSeed42DecidesAsTheRouterLoggedIt() throws Exception {
        FaultSpec[] everyKind = {FaultSpec.parse("gilbert-elliott", "2%,30%"), FaultSpec.parse("drop", "10%"),
            FaultSpec.parse("drop", "20%,down,GET"), FaultSpec.parse("random", "5%"),
            FaultSpec.parse("garble", "5%:text:byte"), FaultSpec.parse("garble", "5%:header,up"),
            FaultSpec.parse("duplicate", "5%:3"), FaultSpec.parse("delay", "2ms±1ms@10%"),
            FaultSpec.parse("reorder", "5%:2")};
        // the traffic of EventLogDeterminismTest: 1500 requests up, then 1500 replies to a GET down
        String[] verbs = {"PUT:message ", "GET", "SIZE", "PUT:another message "};
        FaultDecider decider = decider(42, everyKind);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EventLog log = new EventLog(Channels.newChannel(bytes))) {
            for (int i = 0; i < 1500; i++) {
                String v = i == 1499 ? "GET" : verbs[i % verbs.length];
                byte[] d = Frames.encode(v.endsWith(" ") ? v + i : v);
                int verb = VerbSniffer.sniff(ByteBuffer.wrap(d));
                log.decided(decide(decider, Direction.UP, d), Direction.UP, d.length, verb);
            }
            int get = Verb.GET.ordinal();
            for (int i = 0; i < 1500; i++) {
                byte[] d = Frames.encode("reply " + i);
                log.decided(decider.decide(Direction.DOWN, get, ByteBuffer.wrap(d)), Direction.DOWN, d.length, get);
            }
        }
        List<String> lines = List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n"));
        assertEquals(List.of("1 up 15 PUT pass", "2 up 5 GET pass", "3 up 6 SIZE pass", "4 up 24 PUT dup#7x3",
                "5 up 15 PUT pass", "6 up 5 GET pass", "7 up 6 SIZE pass", "8 up 24 PUT pass", "9 up 15 PUT pass",
                "10 up 5 GET pass", "11 up 6 SIZE pass", "12 up 25 PUT delay#8=2.483ms", "13 up 16 PUT pass",
                "14 up 5 GET pass", "15 up 6 SIZE pass", "16 up 25 PUT random#4:dupx2 dup#7x3", "17 up 16 PUT pass",
                "18 up 5 GET pass", "19 up 6 SIZE pass", "20 up 25 PUT pass", "21 up 16 PUT reorder#9=2",
                "22 up 5 GET delay#8=1.208ms", "23 up 6 SIZE drop#2", "24 up 25 PUT pass", "25 up 16 PUT pass",
                "26 up 5 GET pass", "27 up 6 SIZE pass", "28 up 25 PUT drop#2", "29 up 16 PUT garble#5@10^0x17",
                "30 up 5 GET pass"), lines.subList(0, 30));
        assertEquals(List.of("1 down 9 GET pass", "2 down 9 GET pass", "3 down 9 GET pass", "4 down 9 GET pass",
                "5 down 9 GET pass", "6 down 9 GET random#4:dupx2", "7 down 9 GET drop#3", "8 down 9 GET drop#2",
                "9 down 9 GET drop#3", "10 down 9 GET pass", "11 down 10 GET pass", "12 down 10 GET delay#8=1.327ms"),
                lines.subList(1500, 1512));
        // the whole log a router wrote for this traffic and seed, pinned so no change of decisions goes unseen
        assertEquals("60ebb7c85aeddbe935eff05d249102f68d4f429c7bff7618206ed072534679e0",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())));
    }

    @Test
    void theKindsApplyInTheOrderTheEnumDeclaresAndLogTheirTokens() {
        assertEquals(List.of("gilbert-elliott", "drop", "random", "garble", "duplicate", "delay", "reorder", "rate"),
                FaultSpec.KINDS);
        assertEquals("ge-drop", new String(FaultKind.GILBERT_ELLIOTT.token(), StandardCharsets.US_ASCII));
        assertEquals("dup", new String(FaultKind.DUPLICATE.token(), StandardCharsets.US_ASCII));
        for (FaultKind k : FaultKind.values()) {
            FaultSpec spec = FaultSpec.parse(k.word(), k.example().replaceFirst("^--\\S+ ", "").split(" ")[0]);
            assertEquals(k, spec.faultKind(), "the example of " + k.word() + " parses to its kind");
        }
    }
}
