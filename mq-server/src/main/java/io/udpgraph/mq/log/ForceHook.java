package io.udpgraph.mq.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** How the log forces a file to disk; tests substitute a counting one to see when forces happen. */
@FunctionalInterface
interface ForceHook {
    /** {@code fdatasync}: the file's bytes and its length, not its timestamps. */
    ForceHook FORCE_DATA = channel -> channel.force(false);

    void force(FileChannel channel) throws IOException;
}
