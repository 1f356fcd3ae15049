package io.udpgraph.mq.log;

import static io.udpgraph.mq.log.RecordFormat.HEADER_BYTES;
import static io.udpgraph.mq.log.RecordFormat.TYPE_DELIVERED;
import static io.udpgraph.mq.log.RecordFormat.TYPE_ID;
import static io.udpgraph.mq.log.RecordFormat.TYPE_PUT;
import static io.udpgraph.mq.log.RecordFormat.TYPE_REMOVE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Reads a log's segments at open and rebuilds its state: the live messages, the producer ids still remembered,
 * the live index and the next sequence number. Damage costs only the damaged bytes: a record that fails its
 * checksum is skipped and reading goes on at the next intact record; only a torn tail of the newest segment is
 * cut, and a damaged sealed segment is copied to {@code quarantine/}, never rewritten. One thread, before the
 * log is shared.
 */
final class Replayer {
    private static final Logger LOG = Logger.getLogger(Replayer.class.getName());

    /** What replay hands the appender and the caller. */
    /** {@code counts}: the largest delivery count of each live message leased before, for a log without bodies. */
    record Result(List<Segment> segments, LiveIndex live, LongLongMap counts, long maxSeq, RecoveredState state,
                  Manifest manifest) {
    }

    /** A message while replay builds the live set. */
    private static final class Replayed {
        final long seq;
        final long enqueuedAtMillis;
        final byte[] messageId;
        final byte[] body;
        int deliveries;

        Replayed(long seq, long enqueuedAtMillis, byte[] messageId, byte[] body) {
            this.seq = seq;
            this.enqueuedAtMillis = enqueuedAtMillis;
            this.messageId = messageId;
            this.body = body;
        }
    }

    private final DataDirectory dir;
    private final LogConfig config;
    private final CRC32C crc = new CRC32C();
    private final List<Segment> segments = new ArrayList<>();
    private final Map<Integer, Segment> byId = new HashMap<>();
    private final LiveIndex live = new LiveIndex();
    private final Map<Long, Replayed> messages = new HashMap<>();
    /** Without bodies no message gets an object: the index says which are live, this map their counts. */
    private final LongLongMap counts = new LongLongMap(16);
    private final TreeMap<Long, RecoveredId> producerIds = new TreeMap<>();
    private final List<String> damage = new ArrayList<>();
    private final Manifest manifest;
    private final long idCutoff;
    /** False for a log that keeps only its index: bodies stay in the files until they are read back. */
    private final boolean keepBodies;
    private long maxSeq = -1;
    private long truncated;
    private long damagedBytes;

    private Replayer(DataDirectory dir, LogConfig config, boolean keepBodies) {
        this.dir = dir;
        this.keepBodies = keepBodies;
        this.config = config;
        this.idCutoff = idCutoffMillis(config);
        this.manifest = new Manifest(dir, config.fsync() != FsyncPolicy.NEVER);
    }

    /** Ids of messages accepted before this instant are forgotten; Long.MAX_VALUE when none are kept. */
    static long idCutoffMillis(LogConfig config) {
        long retention = config.idRetention().toMillis();
        return retention <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() - retention;
    }

    /**
     * Replays the directory.
     *
     * @throws IOException when a segment is missing or out of place and the config does not say to repair, when a
     *                     file is not a segment of this format, or when the disk fails; the message says what to do
     */
    static Result replay(DataDirectory dir, LogConfig config, boolean keepBodies) throws IOException {
        return new Replayer(dir, config, keepBodies).run();
    }

    private Result run() throws IOException {
        dir.deleteUnfinishedCompactions();
        int[] ids = dir.segmentIds();
        Manifest.Contents expected = manifest.read();
        checkContiguous(ids, expected);
        checkEnds(ids, expected);
        long floor = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ids.length; i++) {
            boolean newest = i == ids.length - 1;
            Path path = dir.segment(ids[i]);
            try (FileChannel channel = FileChannel.open(path, READ)) {
                long size = channel.size();
                header.clear();
                while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                    // read the header, or as much of it as the file holds
                }
                header.clear();
                RecordFormat.HeaderCheck check = RecordFormat.checkHeader(header, size, crc);
                long seqFloor = 0;
                switch (check) {
                    case OK -> {
                        seqFloor = RecordFormat.headerSeqFloor(header);
                        if (RecordFormat.headerSegmentId(header) != ids[i]) {
                            outOfPlace(path + " says it is segment " + RecordFormat.headerSegmentId(header)
                                    + " but its file name says " + ids[i] + ": a segment was renamed or restored out of order");
                        }
                    }
                    case TORN -> {
                        if (newest && size <= HEADER_BYTES) {
                            LOG.warning(() -> "the newest segment " + path + " has a torn header (" + size
                                    + " bytes) and no records: a crash while it was being created; deleted it");
                            truncated += size;
                            Files.delete(path);
                            dir.force();
                            continue;
                        }
                    }
                    case NOT_A_SEGMENT -> throw new IOException(path + " is not a segment of a udpgraph log (it does not"
                            + " start with UGLG); move it out of " + dir.path() + " or choose another data directory");
                    case UNKNOWN_VERSION -> throw new IOException(path + " was written in log format version "
                            + header.getInt(4) + " and this build reads version " + RecordFormat.VERSION
                            + "; run the build that wrote it, or choose another data directory");
                    default -> throw new AssertionError();
                }
                floor = Math.max(floor, seqFloor);
                Segment segment = new Segment(ids[i], path, seqFloor, HEADER_BYTES);
                segments.add(segment);
                byId.put(segment.id, segment);
                replaySegment(segment, channel, size, newest, check != RecordFormat.HeaderCheck.OK);
                checkSealedLength(segment, size, expected);
            }
        }
        maxSeq = Math.max(maxSeq, floor - 1);
        if (segments.isEmpty()) {
            segments.add(firstSegment(ids.length == 0 ? 1 : ids[ids.length - 1]));
        }
        if (segments.get(segments.size() - 1).channel == null && !Files.exists(segments.get(segments.size() - 1).path)) {
            return new Result(segments, live, counts, maxSeq, state(), manifest);
        }
        openNewest(floor);
        manifest.reset(segments);
        return new Result(segments, live, counts, maxSeq, state(), manifest);
    }

    /** Creates the first segment; on a full disk the log opens without it and the first write creates it. */
    private Segment firstSegment(int id) {
        try {
            return Appender.createSegment(dir, config, id, maxSeq + 1);
        } catch (IOException e) {
            LOG.warning(() -> "cannot create the first segment of " + dir.path() + " (" + e.getMessage() + "); serving"
                    + " what the log holds (nothing), and writes are refused until it can be created");
            return new Segment(id, dir.segment(id), maxSeq + 1, HEADER_BYTES);
        }
    }

    /** Refuses to open when a segment the manifest names at either end is missing (a gap is found before). */
    private void checkEnds(int[] ids, Manifest.Contents expected) throws IOException {
        if (expected == null || expected.lowest() <= 0) {
            return;
        }
        int low = ids.length == 0 ? Integer.MAX_VALUE : ids[0];
        int high = ids.length == 0 ? Integer.MIN_VALUE : ids[ids.length - 1];
        for (int id = expected.lowest(); id <= expected.highest(); id++) {
            if (id >= low && id <= high) {
                continue;
            }
            outOfPlace("segment " + id + " of " + dir.path() + " (" + RecordFormat.segmentFileName(id) + ", the "
                    + (id == expected.highest() ? "newest" : id == expected.lowest() ? "lowest" : "next") + " one "
                    + Manifest.FILE + " names) is missing" + sealedBytes(expected, id, id));
        }
    }

    /** What the manifest says segments {@code from} to {@code to} held when sealed, for a report; empty if nothing. */
    private static String sealedBytes(Manifest.Contents expected, int from, int to) {
        if (expected == null) {
            return "";
        }
        long bytes = 0;
        int known = 0;
        for (int id = from; id <= to; id++) {
            Long sealed = expected.sealed().get(id);
            if (sealed != null) {
                bytes += sealed;
                known++;
            }
        }
        if (known == 0) {
            return "";
        }
        return (from == to ? "; it was sealed at " : "; " + (known == to - from + 1 ? "they" : known + " of them")
                + " were sealed at ") + bytes + " bytes" + (from == to ? "" : " in all") + ", whose records are lost";
    }

    /** Reports a sealed segment shorter than when it was sealed: cut, perhaps at a record boundary. */
    private void checkSealedLength(Segment segment, long size, Manifest.Contents expected) {
        Long sealedBytes = expected == null ? null : expected.sealed().get(segment.id);
        if (sealedBytes == null || size >= sealedBytes) {
            return;
        }
        long lost = sealedBytes - size;
        damagedBytes += lost;
        Path aside = dir.quarantine(segment.path);
        String report = segment.path.getFileName() + " is cut: it was sealed at " + sealedBytes + " bytes and holds "
                + size + "; the records in the last " + lost + " bytes are lost"
                + (aside == null ? "" : "; a copy of the file as found is in " + aside);
        damage.add(report);
        LOG.warning(report);
    }

    private void checkContiguous(int[] ids, Manifest.Contents expected) throws IOException {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] != ids[i - 1] + 1) {
                String missing = ids[i] - ids[i - 1] == 2 ? "segment " + (ids[i - 1] + 1)
                        : "segments " + (ids[i - 1] + 1) + " to " + (ids[i] - 1);
                outOfPlace(missing + " of " + dir.path() + " " + (ids[i] - ids[i - 1] == 2 ? "is" : "are")
                        + " missing (between " + RecordFormat.segmentFileName(ids[i - 1]) + " and "
                        + RecordFormat.segmentFileName(ids[i]) + ")" + sealedBytes(expected, ids[i - 1] + 1, ids[i] - 1));
            }
        }
    }

    /** Refuses to open over a missing or misplaced segment, unless told to repair, which goes on and reports it. */
    private void outOfPlace(String what) throws IOException {
        if (!config.repair()) {
            throw new IOException(what + "; put the file back, or start with --repair to go on without it (the"
                    + " messages whose records it held are lost, and messages it removed may come back)");
        }
        damage.add("repaired: " + what + "; went on without it");
        LOG.warning(() -> "--repair: " + what + "; going on without it");
    }

    /** Replays one segment, skipping damaged records; cuts only a torn tail of the newest one. */
    private void replaySegment(Segment segment, FileChannel channel, long size, boolean newest, boolean badHeader)
            throws IOException {
        SegmentReader reader = new SegmentReader(channel, HEADER_BYTES, size);
        long damaged = 0;
        List<String> regions = new ArrayList<>();
        if (badHeader) {
            damaged += HEADER_BYTES;
            regions.add("the header (" + HEADER_BYTES + " bytes)");
        }
        for (;;) {
            SegmentReader.Step step = reader.next();
            if (step == SegmentReader.Step.RECORD) {
                apply(segment, reader);
                continue;
            }
            if (step == SegmentReader.Step.END) {
                segment.size = size;
                break;
            }
            long bad = reader.offset();
            if (newest && reader.zeroFrom(bad)) {
                // Zeros the appender preallocated and no record reached yet: the end of the log, not damage.
                segment.size = bad;
                break;
            }
            String why = reader.problem();
            String guess = reader.damagedRecordGuess();
            long good = reader.resync();
            if (good >= 0) {
                damaged += good - bad;
                regions.add((good - bad) + " bytes at offset " + bad + " (" + why + guess + ")");
                continue;
            }
            if (newest) {
                long dropped = size - bad;
                LOG.warning(() -> "dropped " + dropped + " bytes at the end of " + segment.path + " from offset "
                        + bad + " (" + why + "): a write torn by a crash");
                truncated += dropped;
                segment.size = bad;
                if (damaged > 0) {
                    break; // the file is quarantined below, before it is cut
                }
                cut(segment.path, bad);
                return;
            }
            damaged += size - bad;
            regions.add((size - bad) + " bytes at the end, from offset " + bad + " (" + why + guess + ")");
            segment.size = size;
            break;
        }
        if (damaged == 0) {
            return;
        }
        damagedBytes += damaged;
        Path aside = dir.quarantine(segment.path);
        String report = segment.path.getFileName() + " is damaged: skipped " + String.join(", ", regions)
                + (aside == null ? "" : "; a copy of the file as found is in " + aside);
        damage.add(report);
        LOG.warning(report);
        if (newest && segment.size < size) {
            cut(segment.path, segment.size);
        }
    }

    private static void cut(Path path, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(path, WRITE)) {
            channel.truncate(at);
        }
    }

    private void apply(Segment segment, SegmentReader reader) {
        long seq = reader.seq();
        maxSeq = Math.max(maxSeq, seq);
        switch (reader.type()) {
            case TYPE_PUT -> {
                segment.notePutRecord(seq);
                if (live.contains(seq)) {
                    LOG.warning(() -> "ignored a second PUT of live message " + seq + " in " + segment.path);
                    return;
                }
                if (keepBodies) {
                    messages.put(seq, new Replayed(seq, reader.enqueuedAtMillis(), reader.copyId(), reader.copyBody()));
                }
                live.put(seq, segment.id, reader.offset(), reader.recordBytes());
                segment.noteLive(reader.recordBytes());
            }
            case TYPE_REMOVE -> {
                long entry = live.entry(seq);
                if (entry != LiveIndex.MISSING) {
                    Segment holder = byId.get(live.segment(seq));
                    live.remove(seq);
                    messages.remove(seq);
                    counts.remove(seq);
                    if (holder != null) {
                        holder.noteRemoved(LiveIndex.recordBytesOf(entry));
                    }
                }
            }
            case TYPE_DELIVERED -> {
                Replayed message = messages.get(seq);
                if (message != null) {
                    message.deliveries = Math.max(message.deliveries, reader.deliveries());
                } else if (!keepBodies && live.contains(seq)) {
                    counts.put(seq, Math.max(counts.get(seq, 0), reader.deliveries()));
                }
            }
            case TYPE_ID -> {
                // Only deduplication needs it; below.
            }
            default -> throw new AssertionError("reader passed an unknown type " + reader.type());
        }
        if ((reader.type() == TYPE_PUT || reader.type() == TYPE_ID) && reader.enqueuedAtMillis() >= idCutoff) {
            byte[] id = reader.copyId();
            if (id != null) {
                producerIds.put(seq, new RecoveredId(seq, reader.enqueuedAtMillis(), id));
            }
        }
    }

    /**
     * Opens the newest segment for appending. A damaged header there is written afresh (its copy is in quarantine),
     * so the next open finds it intact; on a full disk that may fail, and the log still opens to serve what it has.
     */
    private void openNewest(long floor) {
        Segment newest = segments.get(segments.size() - 1);
        if (newest.channel != null) {
            return;
        }
        try {
            FileChannel channel = FileChannel.open(newest.path, READ, WRITE);
            newest.channel = channel;
            if (newest.seqFloor == 0 && floor == 0 && maxSeq < 0) {
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.limit(HEADER_BYTES);
            channel.read(header, 0);
            header.clear();
            if (RecordFormat.checkHeader(header, channel.size(), crc) != RecordFormat.HeaderCheck.OK) {
                RecordFormat.encodeHeader(header.clear(), crc, newest.id, maxSeq + 1);
                RecordWriter.writeFully(channel, header.flip(), 0);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot open " + newest.path + " for writing (" + e.getMessage() + "); serving what the log"
                    + " holds, and writes are refused until that works");
            DataDirectory.closeQuietly(newest.channel);
            newest.channel = null;
        }
    }

    private RecoveredState state() {
        List<RecoveredMessage> list = new ArrayList<>(messages.size());
        messages.values().stream()
                .sorted((a, b) -> Long.compare(a.seq, b.seq))
                .forEach(m -> list.add(new RecoveredMessage(m.seq, m.enqueuedAtMillis, m.messageId, m.body, m.deliveries)));
        RecoveredState state = new RecoveredState(list, new ArrayList<>(producerIds.values()), maxSeq + 1, truncated,
                segments.size(), damagedBytes, damage);
        if (truncated > 0 || damagedBytes > 0 || live.size() > 0) {
            LOG.info(() -> "replayed " + dir.path() + ": " + live.size() + " live messages in " + segments.size()
                    + " segments, next sequence number " + (maxSeq + 1)
                    + (truncated > 0 ? ", cut a torn tail of " + truncated + " bytes" : "")
                    + (damagedBytes > 0 ? ", skipped " + damagedBytes + " damaged bytes" : ""));
        }
        return state;
    }
}
