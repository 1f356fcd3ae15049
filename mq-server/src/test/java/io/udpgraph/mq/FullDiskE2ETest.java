package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.udpgraph.mq.log.FsyncPolicy;
import io.udpgraph.mq.log.LogConfig;
import io.udpgraph.mq.log.LogJournal;
import io.udpgraph.protocol.MqClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue node on a small tmpfs that fills up: PUTs and GETs the log cannot record are refused and change
 * nothing, the node starts on the full disk, takes PUTs again as soon as space is freed, and a restart gives back
 * exactly the messages not taken. The test mounts the tmpfs itself; without root or {@code mount} it skips.
 */
class FullDiskE2ETest {
    private static final String TMPFS_SIZE = "128k";
    private static final int SEGMENT_HEADER_BYTES = 24;
    private static final LogConfig LOG = LogConfig.defaults().segmentBytes(16 << 10).compactionInterval(Duration.ZERO);
    /** Set by each test: {@code always} forces every turn, {@code interval} stages a turn's records and writes them once. */
    private LogConfig log = LOG;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "--fsync {0}")
    @EnumSource(value = FsyncPolicy.class, names = {"ALWAYS", "INTERVAL"})
    void aFullDiskRefusesWritesWithoutWedgingAndLosesNothing(FsyncPolicy policy) throws Exception {
        log = LOG.fsync(policy);
        onSmallTmpfs("tmpfs", this::fillTakeFreeAndRestart);
    }

    /** What a test does on the tmpfs it is given. */
    private interface OnTmpfs {
        void run(Path mnt) throws Exception;
    }

    private void onSmallTmpfs(String name, OnTmpfs test) throws Exception {
        Path mnt = tmp.resolve(name);
        Files.createDirectories(mnt);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs (needs root and mount(8)); the full-disk test needs a file system it can fill");
        try {
            test.run(mnt);
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    @ParameterizedTest(name = "--fsync {0}")
    @EnumSource(value = FsyncPolicy.class, names = {"ALWAYS", "INTERVAL"})
    void aBrandNewLogOnAFullDiskStartsRefusesWritesAndCreatesItsFirstSegmentOnceSpaceIsFreed(FsyncPolicy policy)
            throws Exception {
        log = LOG.fsync(policy);
        onSmallTmpfs("tmpfs-new", this::startEmptyOnAFullDiskThenFree);
    }

    private void startEmptyOnAFullDiskThenFree(Path mnt) throws Exception {
        Path data = Files.createDirectories(mnt.resolve("data"));
        Path filler = mnt.resolve("filler");
        try (java.io.OutputStream out = Files.newOutputStream(filler)) {
            byte[] chunk = new byte[4096];
            for (int i = 0; i < 1_000; i++) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full now
        }
        try (QueueNode node = start(data); MqClient client = MqClient.connect(node.address())) {
            assertEquals(0, node.recovered());
            String refusal = Wire.one(client, "PUT:" + body(1));
            assertTrue(refusal.startsWith("ERR internal") && refusal.contains("nothing was stored"),
                    "a PUT on a full disk is refused: " + refusal);
            assertEquals("", Wire.one(client, "GET"), "the node serves what it has: nothing");
            Files.delete(filler);
            assertEquals("PUT " + body(2).length() + " bytes", Wire.one(client, "PUT:" + body(2)),
                    "the first segment is created once space is freed, without a restart");
        }
        try (QueueNode node = start(data); MqClient client = MqClient.connect(node.address())) {
            assertEquals(1, node.recovered());
            assertEquals(body(2), Wire.one(client, "GET"));
        }
    }

    private void fillTakeFreeAndRestart(Path mnt) throws Exception {
        Path data = mnt.resolve("data");
        Path filler = mnt.resolve("filler");
        Files.write(filler, new byte[32 << 10]);
        List<String> untaken = new ArrayList<>();
        try (QueueNode node = start(data); MqClient client = MqClient.connect(node.address())) {
            String refusal = null;
            for (int i = 0; i < 2_000 && refusal == null; i++) {
                String body = body(i);
                String reply = Wire.one(client, "PUT:" + body);
                if (reply.startsWith("PUT ")) {
                    untaken.add(body);
                } else {
                    refusal = reply;
                }
            }
            assertTrue(refusal != null && refusal.startsWith("ERR internal") && refusal.contains("nothing was stored"),
                    "the disk fills and PUTs are refused: " + refusal);
            assertEquals(untaken.size(), node.stored());
            String getRefusal = null;
            for (int k = 0; k < 100 && getRefusal == null; k++) {
                String reply = Wire.one(client, "GET");
                if (reply.startsWith("ERR")) {
                    getRefusal = reply;
                } else {
                    assertEquals(untaken.remove(0), reply, "GETs take the oldest while the log can record it");
                }
            }
            assertTrue(getRefusal != null && getRefusal.startsWith("ERR internal") && getRefusal.contains("nothing was taken"),
                    "a GET the log cannot record is refused: " + getRefusal);
            assertEquals(untaken.size(), node.stored(), "the refused GET took nothing");
        }
        try (QueueNode node = start(data); MqClient client = MqClient.connect(node.address())) {
            assertEquals(untaken.size(), node.recovered(), "the node starts on a full disk with what it has");
            assertEquals(untaken.size(), client.size());
            Files.delete(filler);
            for (int i = 0; i < 5; i++) {
                String body = body(10_000 + i);
                assertEquals("PUT " + body.length() + " bytes", Wire.one(client, "PUT:" + body),
                        "space freed is usable at once, without a restart");
                untaken.add(body);
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(untaken.remove(0), Wire.one(client, "GET"));
            }
        }
        try (QueueNode node = start(data); MqClient client = MqClient.connect(node.address())) {
            assertEquals(untaken.size(), node.recovered(), "exactly the untaken messages come back");
            for (String body : untaken) {
                assertEquals(body, Wire.one(client, "GET"));
            }
            assertEquals("", Wire.one(client, "GET"));
        }
        try (Stream<Path> files = Files.list(data)) {
            for (Path segment : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertTrue(Files.size(segment) >= SEGMENT_HEADER_BYTES, "no empty segment file is left: " + segment);
            }
        }
    }

    private QueueNode start(Path data) throws IOException {
        return QueueNode.start(QueueConfig.defaults().port(0).journal(LogJournal.open(data, log)));
    }

    private static String body(int i) {
        return String.format("message-%05d-", i) + "x".repeat(400);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
