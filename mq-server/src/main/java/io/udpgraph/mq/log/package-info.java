/**
 * The queue node's durable log: an append-only, segmented, checksummed record of PUTs, removals and
 * deliveries, replayed on start and compacted in the background. A node uses it through {@link
 * io.udpgraph.mq.log.LogJournal} ({@code QueueConfig.journal(LogJournal.open(dir, config))}); the log
 * itself is {@link io.udpgraph.mq.log.SegmentedLog#open(java.nio.file.Path, io.udpgraph.mq.log.LogConfig)}.
 *
 * <h2>Files in the data directory</h2>
 * <ul>
 *   <li>{@code 00000000000000000001.log}, {@code 00000000000000000002.log}, …: segments, replayed in the
 *       order of their number (twenty decimal digits, so a directory listing sorts them). Only the
 *       highest-numbered one is appended to; it rolls to the next number when the next record would
 *       take it past the configured size.</li>
 *   <li>{@code <segment>.log.compact}: a compaction in progress. It replaces its segment by an atomic
 *       rename once complete and on disk; one found at open is an interrupted compaction and is
 *       deleted, the segment it was made from being intact.</li>
 *   <li>{@code quarantine/<segment>.log}: a copy, as found, of a segment in which replay skipped damage.</li>
 *   <li>{@code MANIFEST}: the lowest and highest segment numbers and each sealed segment's length, twice,
 *       each copy with its CRC32C; replaced whole by a rename. See {@code Manifest}.</li>
 *   <li>{@code LOCK}: held with an OS file lock while a log is open, so two nodes never share a
 *       directory.</li>
 * </ul>
 *
 * <h2>Byte layout</h2>
 * All integers are little-endian. A segment starts with a 24-byte header:
 * <pre>
 *  offset size field
 *       0    4 magic       'U' 'G' 'L' 'G'
 *       4    4 version     1
 *       8    8 seqFloor    no sequence number below this is handed out after this segment was created
 *      16    4 segment     the number in the file name
 *      20    4 crc32c      of bytes 0..19
 * </pre>
 * Then records, back to back, each framed by its payload length and a checksum:
 * <pre>
 *  offset size field
 *       0    4 length      N, the bytes of the payload that follows the checksum (1 ≤ N ≤ 16 MiB + 281)
 *       4    4 crc32c      CRC32C (Castagnoli) of the 4 length bytes followed by the N payload bytes
 *       8    N payload     a type byte, then the fields of that type:
 *
 *  type 1 PUT        seq i64 · enqueuedAtMillis i64 · idLength u8 · id (idLength bytes, 0 = no id) · body (the rest)
 *  type 2 REMOVE     seq i64                        the message left the queue (taken, acknowledged, dead-lettered)
 *  type 3 DELIVERED  seq i64 · deliveries i32       a lease handed the message out; replay keeps the largest count
 *                                                   since the message's PUT
 *  type 4 ID         seq i64 · enqueuedAtMillis i64 · idLength u8 · id (1..255 bytes)
 *                                                   the producer id of a message that left, written by compaction
 *                                                   in place of its PUT while the id is inside the id retention
 * </pre>
 * A PUT of a 100-byte body without an id takes 126 bytes; a REMOVE 17; a DELIVERED 21.
 *
 * <h2>Replay</h2>
 * Segments are read in order, and their numbers must run without a gap and cover the range {@code MANIFEST}
 * names: a missing segment, lowest, middle or newest, stops the open, naming it, unless
 * {@link io.udpgraph.mq.log.LogConfig#repair()} says to go on without it. A sealed segment shorter than the
 * length {@code MANIFEST} gives it was cut (perhaps at a record boundary, which no checksum can see): the lost
 * bytes are reported and the file copied to {@code quarantine/}. A roll forces the sealed segment before the
 * manifest names its length; a compaction names the new lowest segment before it deletes the old one, and a
 * rewritten segment's new length before the rename, so the range named is always on disk. A directory without
 * {@code MANIFEST} (written by an earlier version, or after a failed manifest write) opens without these
 * checks and gains one. A record whose frame
 * runs past the end of its file, whose length is out of range, whose checksum does not match, or whose payload
 * does not parse is damage: the reader looks for the next offset where an intact record starts (its length and
 * CRC32C make a false start a one-in-four-billion event for random bytes) and goes on from there, so a flipped
 * byte costs the one record it hit. Only damage that runs to the end of the newest segment is cut (a write torn
 * by a crash). Zeros from some offset to the end of the newest segment are not damage but its end: the appender
 * preallocates them ahead of its records ({@code Preallocator}), and cuts them off at a roll
 * and a clean stop. A segment damaged anywhere else is copied to {@code quarantine/} and never rewritten in place
 * (a damaged header of the newest segment is written afresh after the copy). A REMOVE or DELIVERED for a
 * message that is not live is a no-op. The producer ids of PUT and ID records accepted within the configured id
 * retention are handed back too, live or not, so the node's dedup window survives a restart. A REMOVE is only
 * ever written after its PUT, so the PUT lies in the same or an earlier segment.
 *
 * <p>The next sequence number is above every number in any record (a PUT, a REMOVE, a DELIVERED each carry it)
 * and at or above every header's {@code seqFloor}: a new segment's header holds the next number at its roll,
 * and a compacted one's the next number at its compaction, so numbers, and the lease ids made from them, never
 * go back when one record or one header is damaged.
 *
 * <h2>Reading bodies back</h2>
 * The log's live index ({@code LiveIndex}) gives each live message's segment, offset and record length by
 * sequence number, so a node that opens the log without bodies ({@code LogJournal}) keeps none in memory and
 * reads each back with {@link io.udpgraph.mq.log.SegmentedLog#readPut} into a {@link io.udpgraph.mq.log.PutView},
 * which reads a block of the file at a time and checks each record's CRC32C. Records staged for the turn's one
 * write are read from the staging buffer. Such an open replays into the index alone and then hands the live
 * messages over read from the files ({@link io.udpgraph.mq.log.SegmentedLog#forEachLive}).
 *
 * <h2>Compaction</h2>
 * A sealed segment (any but the last) whose live PUTs take less than the configured fraction of it is
 * rewritten with the REMOVEs still needed to cancel a PUT that may remain in an earlier segment (one whose
 * range of PUT sequence numbers contains it), then an ID record for each producer id still inside the id
 * retention whose message left, then its live PUTs, then one DELIVERED per live message
 * holding the largest count found in the segment. A segment left with nothing is deleted when it is the lowest and
 * not the highest sealed one, and otherwise cut to its header, so a gap in the numbers always means a lost file.
 * Before it replaces or deletes a file, compaction forces every record written so far: it never drops a PUT for a
 * removal that is not yet on disk. Segments are
 * compacted in ascending order, each finished and its directory forced before the next starts, so a crash
 * leaves the segments below some number compacted and the others as they were. The rewrite keeps the segment's
 * number, raises its header's floor to the next sequence number, is written to
 * {@code .compact}, forced to disk, renamed over the segment, and the directory is forced. The segment's read
 * channel is opened before the rename and kept on the old file until the index entries of the copied PUTs have
 * moved to their new offsets; both then change together under the appender's lock.
 */
package io.udpgraph.mq.log;
