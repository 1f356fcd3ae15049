package io.udpgraph.mq.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One damaged byte costs at most the one record it hits: a byte is flipped at each of a spread of positions
 * (headers, frames, bodies, checksums; sealed segments and the newest) of a log holding PUTs, removals and
 * leases, and the log is opened again each time.
 */
class CorruptionTest {
    private static final LogConfig CONFIG = LogConfig.defaults().fsync(FsyncPolicy.NEVER).compactionInterval(Duration.ZERO)
            .segmentBytes(600);
    private static final int SPREAD = 220;
    /** The highest sequence number a lease was handed out for; no later open may number from at or below it. */
    private static final long LAST_LEASED = 29;
    private static final long LAST_PUT = 49;

    @TempDir
    Path tmp;
    private Path pristine;
    private Model model;

    @BeforeEach
    void writeLog() throws IOException {
        pristine = tmp.resolve("pristine");
        model = new Model();
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG)) {
            for (int i = 0; i < 40; i++) {
                model.put(log, "message " + i + " " + "x".repeat(i % 7), i % 3 == 0 ? "id-" + i : null);
            }
            for (long seq = 0; seq < 10; seq++) {
                model.remove(log, seq); // taken by GET
            }
            for (long seq = 10; seq <= LAST_LEASED; seq++) {
                model.deliver(log, seq);
            }
            model.deliver(log, 12);
            for (long seq = 10; seq < 15; seq++) {
                model.remove(log, seq); // acknowledged
            }
            for (int i = 40; i <= LAST_PUT; i++) {
                model.put(log, "late " + i, null);
            }
        }
    }

    @Test
    void aFlippedByteAnywhereLosesOrResurrectsAtMostItsOwnRecordsMessage() throws IOException {
        List<Path> files = Model.segmentFiles(pristine);
        assertTrue(files.size() >= 4, "the log spans several segments: " + files);
        List<long[]> positions = positions(files);
        assertTrue(positions.size() >= 200, positions.size() + " positions");
        Map<Long, Model.Message> expected = new TreeMap<>(model.live);
        for (long[] where : positions) {
            Path copy = Model.copySegments(pristine, tmp.resolve("case"));
            Path file = Model.segmentFiles(copy).get((int) where[0]);
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) where[1]] ^= (byte) 0xff;
            Files.write(file, bytes);
            String at = file.getFileName() + " byte " + where[1];
            List<byte[]> sealedBefore = sealedContents(copy);
            try (SegmentedLog log = SegmentedLog.open(copy, CONFIG)) {
                RecoveredState state = log.takeRecovered();
                assertAtMostOneMessageDiffers(expected, state, at);
                assertTrue(state.nextSeq() > LAST_LEASED, "lease ids are never handed out again; " + at);
                assertTrue(state.nextSeq() >= LAST_PUT, "numbers go back at most past the one lost PUT; " + at);
                assertTrue(log.appendPut(state.nextSeq(), 0, null, "after".getBytes(StandardCharsets.UTF_8)), at);
            }
            List<byte[]> sealedAfter = sealedContents(copy);
            for (int i = 0; i < sealedBefore.size(); i++) {
                assertArrayEquals(sealedBefore.get(i), sealedAfter.get(i), "a sealed segment is never rewritten; " + at);
            }
            deleteTree(copy);
        }
    }

    @Test
    void aMissingSegmentStopsTheOpenUnlessRepairSaysGoOn() throws IOException {
        List<Path> files = Model.segmentFiles(pristine);
        Path missing = files.get(1);
        String lost = "sealed at " + Files.size(missing) + " bytes, whose records are lost";
        Files.delete(missing);
        IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(pristine, CONFIG));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("--repair")
                && e.getMessage().contains(lost), e.getMessage());
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG.repair(true))) {
            RecoveredState state = log.takeRecovered();
            assertFalse(state.damage().isEmpty());
            assertTrue(state.damage().get(0).contains("segment 2") && state.damage().get(0).contains(lost),
                    state.damage().toString());
            assertTrue(state.nextSeq() > LAST_PUT, "numbers never go back: " + state.nextSeq());
        }
    }

    @Test
    void aSealedSegmentCutAtARecordBoundaryIsReportedAndKeptAsFound() throws IOException {
        Path second = Model.segmentFiles(pristine).get(1);
        long sealed = Files.size(second);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(second,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(24); // just its header: the cut falls on a record boundary
        }
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG)) {
            RecoveredState state = log.takeRecovered();
            assertTrue(state.damage().toString().contains(second.getFileName() + " is cut")
                    && state.damage().toString().contains((sealed - 24) + " bytes"), state.damage().toString());
            assertTrue(state.nextSeq() > LAST_PUT, "numbers never go back: " + state.nextSeq());
        }
        assertEquals(24, Files.size(second), "a sealed segment is never rewritten");
        assertEquals(24, Files.size(pristine.resolve("quarantine").resolve(second.getFileName())));
    }

    @Test
    void aMissingLowestSegmentStopsTheOpenUnlessRepairSaysGoOn() throws IOException {
        assertMissingSegmentIsNamed(Model.segmentFiles(pristine).get(0), "segment 1 ", "lowest");
    }

    @Test
    void aMissingNewestSegmentStopsTheOpenUnlessRepairSaysGoOn() throws IOException {
        List<Path> files = Model.segmentFiles(pristine);
        assertMissingSegmentIsNamed(files.get(files.size() - 1), "segment " + files.size() + " ", "newest");
    }

    @Test
    void aLogWrittenBeforeTheManifestExistedOpensAndGainsOne() throws IOException {
        Files.delete(pristine.resolve(Manifest.FILE));
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG)) {
            assertTrue(log.takeRecovered().damage().isEmpty());
        }
        assertTrue(Files.exists(pristine.resolve(Manifest.FILE)));
    }

    @Test
    void aFlippedByteInTheManifestStillLetsAMissingNewestSegmentBeNoticed() throws IOException {
        List<Path> files = Model.segmentFiles(pristine);
        Files.delete(files.get(files.size() - 1));
        Path manifest = pristine.resolve(Manifest.FILE);
        byte[] intact = Files.readAllBytes(manifest);
        for (int at = 0; at < intact.length; at++) {
            byte[] bytes = intact.clone();
            bytes[at] ^= (byte) 0xff;
            Files.write(manifest, bytes);
            IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(pristine, CONFIG), "byte " + at);
            assertTrue(e.getMessage().contains("newest"), "byte " + at + ": " + e.getMessage());
        }
    }

    private void assertMissingSegmentIsNamed(Path missing, String segment, String which) throws IOException {
        Files.delete(missing);
        IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(pristine, CONFIG));
        assertTrue(e.getMessage().contains(segment) && e.getMessage().contains(which)
                && e.getMessage().contains("--repair"), e.getMessage());
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG.repair(true))) {
            RecoveredState state = log.takeRecovered();
            assertTrue(state.damage().toString().contains(segment), state.damage().toString());
        }
        try (SegmentedLog log = SegmentedLog.open(pristine, CONFIG)) {
            assertTrue(log.takeRecovered().damage().isEmpty(), "after --repair the log opens as it is now");
        }
    }

    @Test
    void aSegmentWhoseHeaderNamesAnotherNumberStopsTheOpen() throws IOException {
        List<Path> files = Model.segmentFiles(pristine);
        Path second = files.get(1);
        Path third = files.get(2);
        Path aside = tmp.resolve("aside");
        Files.move(second, aside);
        Files.move(third, second);
        Files.move(aside, third);
        IOException e = assertThrows(IOException.class, () -> SegmentedLog.open(pristine, CONFIG));
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    }

    private static void assertAtMostOneMessageDiffers(Map<Long, Model.Message> expected, RecoveredState state, String at) {
        Map<Long, RecoveredMessage> got = new TreeMap<>();
        for (RecoveredMessage m : state.messages()) {
            got.put(m.seq(), m);
        }
        Set<Long> seqs = new TreeSet<>(expected.keySet());
        seqs.addAll(got.keySet());
        Set<Long> differing = new HashSet<>();
        for (long seq : seqs) {
            Model.Message want = expected.get(seq);
            RecoveredMessage m = got.get(seq);
            if (want == null || m == null || !java.util.Arrays.equals(want.body(), m.body())
                    || want.deliveries() != m.deliveries() || want.enqueuedAtMillis() != m.enqueuedAtMillis()
                    || !java.util.Arrays.equals(want.id(), m.messageId())) {
                differing.add(seq);
            }
        }
        assertTrue(differing.size() <= 1, "messages lost, resurrected or changed " + differing + " after flipping " + at);
    }

    /** Every header byte of the first and the newest segment, then an even spread over all the bytes. */
    private static List<long[]> positions(List<Path> files) throws IOException {
        List<long[]> positions = new ArrayList<>();
        for (int f : new int[] {0, files.size() - 1}) {
            for (int b = 0; b < RecordFormat.HEADER_BYTES; b++) {
                positions.add(new long[] {f, b});
            }
        }
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
        }
        long step = Math.max(1, total / SPREAD);
        for (long g = step / 2; g < total; g += step) {
            long rest = g;
            for (int f = 0; f < files.size(); f++) {
                long size = Files.size(files.get(f));
                if (rest < size) {
                    positions.add(new long[] {f, rest});
                    break;
                }
                rest -= size;
            }
        }
        return positions;
    }

    private static List<byte[]> sealedContents(Path dir) throws IOException {
        List<Path> files = Model.segmentFiles(dir);
        List<byte[]> contents = new ArrayList<>();
        for (Path p : files.subList(0, files.size() - 1)) {
            contents.add(Files.readAllBytes(p));
        }
        return contents;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
